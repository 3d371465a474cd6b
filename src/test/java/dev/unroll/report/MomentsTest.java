package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MomentsTest {
  private static final int[] NONE = {};

  @Test
  void knownAnswerForTwoDimensions() {
    // rows (1, 10), (2, 20), (3, 30), (4, 40): means 2.5 and 25, population variances 1.25 and 125
    float[] rows = {1, 10, 2, 20, 3, 30, 4, 40};
    Moments m = new Moments(2);
    m.addBlock(rows, 4, 2, 0, NONE, 0);
    assertEquals(4, m.count());
    assertEquals(2.5, m.mean(0), 1e-12);
    assertEquals(25, m.mean(1), 1e-12);
    assertEquals(Math.sqrt(1.25), m.std(0), 1e-12);
    assertEquals(Math.sqrt(125), m.std(1), 1e-12);
    assertEquals(1, m.min(0));
    assertEquals(40, m.max(1));
  }

  @Test
  void blocksMergedInAnyOrderEqualATwoPassComputationOverAllRows() {
    Random random = new Random(11);
    int rows = 1000;
    int width = 3;
    float[] values = new float[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (1000 + random.nextGaussian()); // a large offset: the naive sum-of-squares form loses digits
    }
    Moments merged = new Moments(width);
    Moments other = new Moments(width);
    for (int first = 0; first < rows; first += 128) {
      int n = Math.min(128, rows - first);
      float[] block = Arrays.copyOfRange(values, first * width, (first + n) * width);
      (first % 256 == 0 ? merged : other).addBlock(block, n, width, 0, NONE, 0);
    }
    merged.merge(other);
    for (int d = 0; d < width; d++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += values[r * width + d];
      }
      double mean = sum / rows;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        double dev = values[r * width + d] - mean;
        squares += dev * dev;
      }
      assertEquals(rows, merged.count());
      assertEquals(mean, merged.mean(d), 1e-9 * Math.abs(mean));
      assertEquals(Math.sqrt(squares / rows), merged.std(d), 1e-9);
    }
  }

  @Test
  void rowsListedAsLeftOutAreLeftOut() {
    float[] rows = {1, 100, 3};
    Moments m = new Moments(1);
    m.addBlock(rows, 3, 1, 0, new int[] {1}, 1);
    assertEquals(2, m.count());
    assertEquals(2, m.mean(0), 1e-12);
    assertEquals(3, m.max(0));
  }

  @Test
  void leftOutRowsAtTheEdgesAndSideBySideGiveTheMomentsOfTheOthersAlone() {
    // rows 0..6 of one dimension, stride 2 from offset 1; rows 0, 3, 4 and 6 left out
    float[] values = {0, 50, 0, 1, 0, 2, 0, 60, 0, 70, 0, -0.5f, 0, 80};
    Moments m = new Moments(1);
    m.addBlock(values, 7, 2, 1, new int[] {0, 3, 4, 6}, 4);
    Moments kept = new Moments(1);
    kept.addBlock(new float[] {1, 2, -0.5f}, 3, 1, 0, NONE, 0);
    assertEquals(3, m.count());
    assertEquals(kept.mean(0), m.mean(0));
    assertEquals(kept.m2(0), m.m2(0));
    assertEquals(-0.5, m.min(0));
    assertEquals(2, m.max(0));
  }
}
