package dev.unroll.report;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-dimension count, mean, sum of squared deviations, minimum and maximum of vectors, kept in a
 * numerically stable form: a block of rows is summed in two passes (mean, then deviations from it) and
 * merged into the running moments by Chan, Golub and LeVeque's pairwise update, as partial moments from
 * different tasks are merged on the driver.
 */
public final class Moments implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int width;
  private long count;
  private final double[] mean;
  private final double[] m2;
  private final double[] min;
  private final double[] max;

  public Moments(int width) {
    this.width = width;
    this.mean = new double[width];
    this.m2 = new double[width];
    this.min = new double[width];
    this.max = new double[width];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /**
   * Adds the rows of {@code values} but those listed in {@code leftOut[0..leftOutCount)}, ascending;
   * row {@code r}'s vector starts at {@code r * stride + offset}.
   */
  public void addBlock(float[] values, int rows, int stride, int offset, int[] leftOut, int leftOutCount) {
    long n = rows - leftOutCount;
    if (n == 0) {
      return;
    }
    // the rows taken are the runs between left-out rows: each pass goes over them run by run, in row order
    double[] blockMean = new double[width];
    int from = 0;
    for (int i = 0; i <= leftOutCount; i++) {
      int to = i < leftOutCount ? leftOut[i] : rows;
      BlockSums.addRows(values, from, to, stride, offset, blockMean);
      from = to + 1;
    }
    for (int d = 0; d < width; d++) {
      blockMean[d] /= n;
    }
    double[] blockM2 = new double[width];
    from = 0;
    for (int i = 0; i <= leftOutCount; i++) {
      int to = i < leftOutCount ? leftOut[i] : rows;
      BlockSums.addDeviations(values, from, to, stride, offset, blockMean, blockM2, min, max);
      from = to + 1;
    }
    combine(n, blockMean, blockM2);
  }

  private void combine(long n, double[] otherMean, double[] otherM2) {
    long total = count + n;
    for (int d = 0; d < width; d++) {
      double delta = otherMean[d] - mean[d];
      mean[d] += delta * n / total;
      m2[d] += otherM2[d] + delta * delta * ((double) count * n / total);
    }
    count = total;
  }

  public void merge(Moments other) {
    if (other.width != width) {
      throw new IllegalArgumentException("cannot merge moments of " + other.width + " dimensions into " + width);
    }
    for (int d = 0; d < width; d++) {
      min[d] = Math.min(min[d], other.min[d]);
      max[d] = Math.max(max[d], other.max[d]);
    }
    if (other.count > 0) {
      combine(other.count, other.mean, other.m2);
    }
  }

  public int width() {
    return width;
  }

  public long count() {
    return count;
  }

  public double mean(int d) {
    return count == 0 ? Double.NaN : mean[d];
  }

  /** Population standard deviation of dimension {@code d}. */
  public double std(int d) {
    return count == 0 ? Double.NaN : Math.sqrt(m2[d] / count);
  }

  public double min(int d) {
    return count == 0 ? Double.NaN : min[d];
  }

  public double max(int d) {
    return count == 0 ? Double.NaN : max[d];
  }

  double m2(int d) {
    return m2[d];
  }

  static Moments of(long count, double[] mean, double[] m2, double[] min, double[] max) {
    Moments m = new Moments(mean.length);
    m.count = count;
    System.arraycopy(mean, 0, m.mean, 0, mean.length);
    System.arraycopy(m2, 0, m.m2, 0, m2.length);
    if (count > 0) {
      System.arraycopy(min, 0, m.min, 0, min.length);
      System.arraycopy(max, 0, m.max, 0, max.length);
    }
    return m;
  }
}
