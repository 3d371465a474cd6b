package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockSumsTest {

  /** Rows of {@code width} floats, {@code stride} apart from {@code offset}, with some 3e38 and -0.0. */
  private static float[] block(Random random, int rows, int stride, int offset, int width) {
    float[] vectors = new float[Math.max(0, (rows - 1) * stride + offset + width)];
    Arrays.fill(vectors, 77f); // outside the rows: must never be read into a sum
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < width; d++) {
        float v = (float) random.nextGaussian();
        if (random.nextInt(50) == 0) {
          v = random.nextBoolean() ? 3e38f : -0.0f;
        }
        vectors[r * stride + offset + d] = v;
      }
    }
    return vectors;
  }

  @ParameterizedTest
  @CsvSource({"0, 64, 0, 64", "1, 64, 0, 64", "3, 128, 64, 64", "4, 128, 0, 64", "5, 7, 2, 3", "1003, 130, 65, 64"})
  void sumsOfSquaresAreThoseOfANaiveDoubleLoopToTheBit(int rows, int stride, int offset, int width) {
    float[] vectors = block(new Random(rows), rows, stride, offset, width);
    double[] sums = new double[rows];
    BlockSums.sumsOfSquares(vectors, rows, stride, offset, width, sums);
    for (int r = 0; r < rows; r++) {
      double expected = 0;
      for (int d = 0; d < width; d++) {
        float v = vectors[r * stride + offset + d];
        expected += (double) v * v;
      }
      assertEquals(expected, sums[r], "row " + r);
    }
  }

  @Test
  void aSumOfSquaresIsFiniteExactlyWhenItsRowIs() {
    int width = 64;
    float[][] rows = {
      withAt(withAt(filled(width, -0.0f), 0, Float.MAX_VALUE), 63, -Float.MAX_VALUE), // squares overflow a float
      filled(width, 3e38f),
      filled(width, -0.0f),
      withAt(filled(width, 0.5f), 63, Float.NaN),
      withAt(filled(width, 3e38f), 0, Float.POSITIVE_INFINITY),
      withAt(filled(width, 0.5f), 31, Float.NEGATIVE_INFINITY),
      filled(width, 1f), // seven rows: the four-row loop and its tail
    };
    float[] vectors = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, vectors, r * width, width);
    }
    double[] sums = new double[rows.length];
    BlockSums.sumsOfSquares(vectors, rows.length, width, 0, width, sums);
    for (int r = 0; r < rows.length; r++) {
      boolean finite = true;
      for (float v : rows[r]) {
        finite &= Float.isFinite(v);
      }
      assertEquals(finite, Double.isFinite(sums[r]), "row " + r);
    }
    assertEquals(2 * ((double) Float.MAX_VALUE * Float.MAX_VALUE), sums[0]); // both terms and their sum exact
    double square = (double) 3e38f * 3e38f;
    assertEquals(64 * square, sums[1], 64 * Math.ulp(64 * square)); // 64 roundings of at most an ulp each
    assertTrue(Double.isNaN(sums[3]));
    assertFalse(Double.isFinite(sums[4]));
  }

  @Test
  void saturatedCountsTheValuesWhoseMagnitudeIsAboveTheThreshold() {
    float threshold = (float) EmbeddingStats.SATURATED;
    float[] values = {Math.nextDown(threshold), threshold, Math.nextUp(threshold), -Math.nextDown(threshold),
        -threshold, 1f, -1f, 0.5f, -0.0f, 0f, Float.MAX_VALUE, -3e38f, Float.MIN_VALUE};
    int expected = 0;
    for (float v : values) {
      expected += Math.abs(v) > EmbeddingStats.SATURATED ? 1 : 0;
    }
    // 0.99f is 0.99000000954 > 0.99: it and every larger magnitude count, 0.98999995 does not
    assertEquals(7, expected);
    assertEquals(7, BlockSums.saturated(values, 0, values.length));
    assertEquals(6, BlockSums.saturated(values, 2, values.length - 2));
  }

  @ParameterizedTest
  @CsvSource({"1, 64, 0, 64", "4, 128, 64, 64", "1003, 130, 65, 64", "9, 5, 1, 3"})
  void rowSumsAndDeviationsAreThoseOfNaiveLoopsInRowOrderToTheBit(int rows, int stride, int offset, int width) {
    float[] vectors = block(new Random(31 + rows), rows, stride, offset, width);
    int from = rows / 3;
    int to = rows - rows / 4;
    double[] sums = new double[width];
    Arrays.fill(sums, 0.125);
    BlockSums.addRows(vectors, from, to, stride, offset, sums);
    double[] mean = new double[width];
    double[] m2 = new double[width];
    double[] min = new double[width];
    double[] max = new double[width];
    Arrays.fill(min, 1);
    Arrays.fill(max, -1);
    for (int d = 0; d < width; d++) {
      mean[d] = sums[d] / Math.max(1, to - from);
    }
    BlockSums.addDeviations(vectors, from, to, stride, offset, mean, m2, min, max);
    for (int d = 0; d < width; d++) {
      double sum = 0.125;
      double squares = 0;
      double least = 1;
      double most = -1;
      for (int r = from; r < to; r++) {
        sum += vectors[r * stride + offset + d];
      }
      for (int r = from; r < to; r++) {
        double v = vectors[r * stride + offset + d];
        squares += (v - mean[d]) * (v - mean[d]);
        least = Math.min(least, v);
        most = Math.max(most, v);
      }
      assertEquals(sum, sums[d], "sum of dimension " + d);
      assertEquals(squares, m2[d], "squared deviations of dimension " + d);
      assertEquals(least, min[d], "minimum of dimension " + d);
      assertEquals(most, max[d], "maximum of dimension " + d);
    }
  }

  @Test
  void minimumAndMaximumSettleTiesOfSignedZerosAsMathMinAndMaxDo() {
    float[][] columns = {{0f, -0f}, {-0f, 0f}, {0f}, {-0f}, {0f, 0f, 0.5f}, {-0f, -0.5f, 0f}, {2f, 0f, -0f, 3f}};
    double[] before = {Double.POSITIVE_INFINITY, 0.0, -0.0, 1.0, -1.0};
    int cases = 0;
    for (float[] column : columns) {
      for (double least : before) {
        for (double most : before) {
          // the column as dimension 1 of rows of 2, from row 1 (row 0 is not read)
          float[] vectors = new float[2 * (column.length + 1)];
          vectors[1] = Float.NaN;
          for (int r = 0; r < column.length; r++) {
            vectors[2 * (r + 1) + 1] = column[r];
          }
          double[] min = {least};
          double[] max = {-most};
          BlockSums.addDeviations(vectors, 1, column.length + 1, 2, 1, new double[1], new double[1], min, max);
          double expectedMin = least;
          double expectedMax = -most;
          for (float v : column) {
            expectedMin = Math.min(expectedMin, v);
            expectedMax = Math.max(expectedMax, v);
          }
          String what = Arrays.toString(column) + " after " + least + ", " + -most;
          assertEquals(expectedMin, min[0], "minimum of " + what);
          assertEquals(expectedMax, max[0], "maximum of " + what);
          cases++;
        }
      }
    }
    assertEquals(7 * 5 * 5, cases);
  }

  private static float[] filled(int width, float value) {
    float[] row = new float[width];
    Arrays.fill(row, value);
    return row;
  }

  private static float[] withAt(float[] row, int d, float value) {
    row[d] = value;
    return row;
  }
}
