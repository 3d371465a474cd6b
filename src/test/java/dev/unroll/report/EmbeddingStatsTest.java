package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingStatsTest {
  private static final int WIDTH = 64;
  private static final int STRIDE = 2 * WIDTH;
  private static final int OFFSET = WIDTH; // c beside h, as a scoring window holds them

  /**
   * The statistics of {@code blocks} as the plain definition gives them, one value at a time: a row is
   * finite when each of its values is, its norm is the square root of its squares summed in double by
   * dimension, and each block's moments are a two-pass mean and sum of squared deviations over its finite
   * rows in row order, merged into the run's.
   */
  private static final class Naive {
    final Histogram norms = new Histogram();
    final Moments dims = new Moments(WIDTH);
    long values;
    long saturated;
    long nonFiniteRows;
    final List<String> nonFiniteAt = new ArrayList<>();

    void add(float[] vectors, int rows) {
      List<Integer> finiteRows = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        double norm2 = 0;
        long sat = 0;
        int bad = -1;
        for (int d = 0; d < WIDTH; d++) {
          float v = vectors[r * STRIDE + OFFSET + d];
          norm2 += (double) v * v;
          sat += Math.abs(v) > 0.99 ? 1 : 0;
          if (bad < 0 && !Float.isFinite(v)) {
            bad = d;
          }
        }
        if (bad < 0) {
          finiteRows.add(r);
          norms.add(Math.sqrt(norm2));
          values += WIDTH;
          saturated += sat;
        } else {
          nonFiniteRows++;
          if (nonFiniteAt.size() < 5) {
            nonFiniteAt.add("id " + r + ", c[" + bad + "] = " + vectors[r * STRIDE + OFFSET + bad]);
          }
        }
      }
      int n = finiteRows.size();
      double[] mean = new double[WIDTH];
      double[] m2 = new double[WIDTH];
      double[] min = new double[WIDTH];
      double[] max = new double[WIDTH];
      for (int d = 0; d < WIDTH; d++) {
        double sum = 0;
        for (int r : finiteRows) {
          sum += vectors[r * STRIDE + OFFSET + d];
        }
        mean[d] = sum / n;
        min[d] = Double.POSITIVE_INFINITY;
        max[d] = Double.NEGATIVE_INFINITY;
        for (int r : finiteRows) {
          double v = vectors[r * STRIDE + OFFSET + d];
          m2[d] += (v - mean[d]) * (v - mean[d]);
          min[d] = Math.min(min[d], v);
          max[d] = Math.max(max[d], v);
        }
      }
      dims.merge(Moments.of(n, mean, m2, min, max));
    }
  }

  /**
   * A window of {@code rows}: Gaussian values, with huge ones (3e38, whose square overflows a float),
   * dimensions of ±0 and {@code nonFiniteRows} NaN or infinite values.
   */
  private static float[] window(Random random, int rows, int nonFiniteRows) {
    float[] vectors = new float[rows * STRIDE];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = (float) random.nextGaussian();
      if (random.nextInt(100) == 0) {
        vectors[i] = random.nextBoolean() ? 3e38f : -3e38f;
      }
    }
    for (int r = 0; r < rows; r++) {
      // two dimensions of zeros, their signs alternating: the minimum is -0.0 and the maximum 0.0 either way round
      vectors[r * STRIDE + OFFSET + 7] = r % 2 == 0 ? -0.0f : 0.0f;
      vectors[r * STRIDE + OFFSET + 8] = r % 2 == 0 ? 0.0f : -0.0f;
    }
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int i = 0; i < nonFiniteRows; i++) {
      vectors[random.nextInt(rows) * STRIDE + OFFSET + random.nextInt(WIDTH)] = bad[i % 3];
    }
    return vectors;
  }

  @Test
  void blocksGiveTheStatisticsOfTheirPlainDefinitionToTheBit() {
    Random random = new Random(3);
    EmbeddingStats stats = new EmbeddingStats("c", WIDTH);
    Naive naive = new Naive();
    int[][] blocks = {{4096, 0}, {4096, 9}, {1003, 1}, {1, 0}, {6, 6}};
    for (int[] block : blocks) {
      float[] vectors = window(random, block[0], block[1]);
      vectors[OFFSET] = Float.NaN; // the first row non-finite: the first run of finite rows is empty
      vectors[(block[0] - 1) * STRIDE + OFFSET + WIDTH - 1] = Float.NaN; // and the last row's last value
      stats.addBlock(vectors, block[0], STRIDE, OFFSET, Integer::toString);
      naive.add(vectors, block[0]);
    }
    assertEquals(naive.nonFiniteRows, stats.nonFiniteRows());
    assertEquals(naive.nonFiniteAt, stats.nonFiniteAt());
    assertEquals(naive.values, stats.values());
    assertEquals(naive.saturated, stats.saturated());
    assertEquals(naive.norms.count(), stats.norms().count());
    assertArrayEquals(naive.norms.counts(), stats.norms().counts());
    assertEquals(naive.norms.sum(), stats.norms().sum());
    assertEquals(naive.norms.sumSquares(), stats.norms().sumSquares());
    assertEquals(naive.norms.min(), stats.norms().min());
    assertEquals(naive.norms.max(), stats.norms().max());
    Moments dims = stats.dims();
    assertEquals(naive.dims.count(), dims.count());
    for (int d = 0; d < WIDTH; d++) {
      assertEquals(naive.dims.mean(d), dims.mean(d), "mean of dimension " + d);
      assertEquals(naive.dims.m2(d), dims.m2(d), "squared deviations of dimension " + d);
      assertEquals(naive.dims.min(d), dims.min(d), "minimum of dimension " + d);
      assertEquals(naive.dims.max(d), dims.max(d), "maximum of dimension " + d);
    }
    for (int d = 7; d <= 8; d++) {
      assertEquals(-0.0, dims.min(d));
      assertEquals(0.0, dims.max(d));
    }
    assertEquals(3e38f, dims.max(0));
  }

  @Test
  void aRowIsLocatedAtItsFirstNonFiniteValueAndOnlyTheFirstFewAskForAnId() {
    int rows = 8;
    float[] vectors = new float[rows * STRIDE];
    for (int r = 0; r < rows; r++) {
      vectors[r * STRIDE + OFFSET + 2 + r] = Float.NEGATIVE_INFINITY;
      vectors[r * STRIDE + OFFSET + 40] = Float.NaN;
    }
    vectors[OFFSET - 1] = Float.NaN; // in h, just before row 0's c: not c's
    List<Integer> asked = new ArrayList<>();
    EmbeddingStats stats = new EmbeddingStats("c", WIDTH);
    stats.addBlock(vectors, rows, STRIDE, OFFSET, r -> {
      asked.add(r);
      return "r" + r;
    });
    assertEquals(rows, stats.nonFiniteRows());
    assertEquals(List.of(0, 1, 2, 3, 4), asked);
    assertEquals(List.of("id r0, c[2] = -Infinity", "id r1, c[3] = -Infinity", "id r2, c[4] = -Infinity",
        "id r3, c[5] = -Infinity", "id r4, c[6] = -Infinity"), stats.nonFiniteAt());
    assertEquals(0, stats.norms().count());
    assertEquals(0, stats.dims().count());
    assertEquals(Arrays.asList(Double.NaN), Arrays.asList(stats.dims().mean(0)));
  }
}
