package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MomentsTest {

  @Test
  void knownAnswerForTwoDimensions() {
    // rows (1, 10), (2, 20), (3, 30), (4, 40): means 2.5 and 25, population variances 1.25 and 125
    float[] rows = {1, 10, 2, 20, 3, 30, 4, 40};
    Moments m = new Moments(2);
    m.addBlock(rows, 4, 2, 0, all(4));
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
      (first % 256 == 0 ? merged : other).addBlock(block, n, width, 0, all(n));
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
  void rowsNotTakenAreLeftOut() {
    float[] rows = {1, 100, 3};
    Moments m = new Moments(1);
    m.addBlock(rows, 3, 1, 0, new boolean[] {true, false, true});
    assertEquals(2, m.count());
    assertEquals(2, m.mean(0), 1e-12);
    assertEquals(3, m.max(0));
  }

  private static boolean[] all(int n) {
    boolean[] take = new boolean[n];
    Arrays.fill(take, true);
    return take;
  }
}
