package dev.unroll.report;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Counts of non-negative values in fixed log-spaced bins: 32 bins per power of two from 2^-24 to 2^40,
 * one bin below (zero and anything smaller) and one above (larger, and infinity). A bin is read from the
 * value's float bits (exponent and top 5 mantissa bits), so binning costs a shift, whole numbers below 64 have
 * a bin each, and any value's bin is at most 1/32 of it wide. Two histograms merge by adding their
 * counts, in any order, to the same result. The exact count, sum, sum of squares, minimum and maximum
 * are kept beside the bins.
 */
public final class Histogram implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int SUB_BITS = 5;
  private static final int MANTISSA_BITS = 23;
  /** Float exponents (biased) covered by the bins: 2^-24 up to 2^40. */
  private static final int FIRST_EXPONENT = 127 - 24;
  private static final int OCTAVES = 64;
  private static final int FIRST_KEY = FIRST_EXPONENT << SUB_BITS;
  /** Bins: underflow, the log-spaced ones, overflow. */
  public static final int BINS = (OCTAVES << SUB_BITS) + 2;

  private final long[] counts = new long[BINS];
  private long count;
  private double sum;
  private double sumSquares;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  /** Counts {@code value} (non-negative, finite or +infinity). */
  public void add(double value) {
    counts[bin(value)]++;
    count++;
    sum += value;
    sumSquares += value * value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  /** Counts {@code times} values equal to {@code value} (a length seen several times). */
  public void add(double value, long times) {
    if (times == 0) {
      return;
    }
    counts[bin(value)] += times;
    count += times;
    sum += value * times;
    sumSquares += value * value * times;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  static int bin(double value) {
    float f = (float) value;
    if (!(f >= 0x1p-24f)) {
      return 0;
    }
    int key = Float.floatToRawIntBits(f) >>> (MANTISSA_BITS - SUB_BITS);
    int index = key - FIRST_KEY + 1;
    return Math.min(index, BINS - 1);
  }

  /** The smallest value that lands in bin {@code index} (0 for the underflow bin). */
  public static double lowerBound(int index) {
    if (index == 0) {
      return 0;
    }
    return Float.intBitsToFloat((index - 1 + FIRST_KEY) << (MANTISSA_BITS - SUB_BITS));
  }

  /** The first value past bin {@code index} (infinity for the overflow bin). */
  public static double upperBound(int index) {
    return index >= BINS - 1 ? Double.POSITIVE_INFINITY : lowerBound(index + 1);
  }

  public void merge(Histogram other) {
    for (int i = 0; i < BINS; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sum += other.sum;
    sumSquares += other.sumSquares;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  public long count() {
    return count;
  }

  public long count(int bin) {
    return counts[bin];
  }

  public double sum() {
    return sum;
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** Population standard deviation. */
  public double std() {
    if (count == 0) {
      return Double.NaN;
    }
    double m = mean();
    return Math.sqrt(Math.max(0, sumSquares / count - m * m));
  }

  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /** The lower bound of the bin holding the q-quantile: within 1/32 of the true quantile, never above it. */
  public double quantile(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(q * count);
    long seen = 0;
    for (int i = 0; i < BINS; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return Math.max(min, lowerBound(i));
      }
    }
    return max;
  }

  /** The share of values at or below the top of each bin, bin by bin. */
  double[] cdf() {
    double[] cdf = new double[BINS];
    long seen = 0;
    for (int i = 0; i < BINS; i++) {
      seen += counts[i];
      cdf[i] = count == 0 ? 0 : (double) seen / count;
    }
    return cdf;
  }

  long[] counts() {
    return counts.clone();
  }

  /** Rebuilds a histogram from its saved parts (see {@link StatsJson}). */
  static Histogram of(long[] counts, long count, double sum, double sumSquares, double min, double max) {
    Histogram h = new Histogram();
    System.arraycopy(counts, 0, h.counts, 0, BINS);
    h.count = count;
    h.sum = sum;
    h.sumSquares = sumSquares;
    h.min = count == 0 ? Double.POSITIVE_INFINITY : min;
    h.max = count == 0 ? Double.NEGATIVE_INFINITY : max;
    return h;
  }

  double sumSquares() {
    return sumSquares;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && count == h.count && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }
}
