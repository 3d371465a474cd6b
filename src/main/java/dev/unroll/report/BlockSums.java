package dev.unroll.report;

/**
 * The loops behind {@link EmbeddingStats} and {@link Moments} over a block of row vectors, row
 * {@code r}'s vector starting at {@code r * stride + offset}. Each sum adds in the order the plain
 * definition does (a row's squares by dimension, a dimension's values by row), so results are those of
 * a naive double loop to the bit; only independent sums are interleaved.
 */
final class BlockSums {
  /**
   * The bits of the least float above {@link EmbeddingStats#SATURATED}: a float's |v| is above the
   * threshold when its bits are at least these.
   */
  private static final int SATURATED_BITS = Float.floatToRawIntBits(leastFloatAbove(EmbeddingStats.SATURATED));

  private BlockSums() {}

  /**
   * Puts each row's sum of squares, in double, into {@code into[r]}. It is finite exactly when the
   * row is: a finite float's square (at most 1.2e77) and 2^31 of them stay finite in double, while a
   * NaN or infinity makes the sum NaN or infinite.
   */
  static void sumsOfSquares(float[] vectors, int rows, int stride, int offset, int width, double[] into) {
    int r = 0;
    // four rows at a time: four independent chains of adds instead of one that waits on each add
    for (; r + 4 <= rows; r += 4) {
      int a0 = r * stride + offset;
      int a1 = a0 + stride;
      int a2 = a1 + stride;
      int a3 = a2 + stride;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int d = 0; d < width; d++) {
        double v0 = vectors[a0 + d];
        double v1 = vectors[a1 + d];
        double v2 = vectors[a2 + d];
        double v3 = vectors[a3 + d];
        s0 += v0 * v0;
        s1 += v1 * v1;
        s2 += v2 * v2;
        s3 += v3 * v3;
      }
      into[r] = s0;
      into[r + 1] = s1;
      into[r + 2] = s2;
      into[r + 3] = s3;
    }
    for (; r < rows; r++) {
      int at = r * stride + offset;
      double s = 0;
      for (int d = 0; d < width; d++) {
        double v = vectors[at + d];
        s += v * v;
      }
      into[r] = s;
    }
  }

  /** How many of the {@code width} values from {@code at} have |v| > {@link EmbeddingStats#SATURATED}. */
  static int saturated(float[] vectors, int at, int width) {
    int count = 0;
    for (int d = 0; d < width; d++) {
      int magnitude = Float.floatToRawIntBits(vectors[at + d]) & 0x7fff_ffff;
      count += (SATURATED_BITS - 1 - magnitude) >>> 31; // 1 when magnitude >= SATURATED_BITS, without a branch
    }
    return count;
  }

  /** Adds rows {@code from} to {@code to} (exclusive) into {@code sums}, dimension by dimension, in row order. */
  static void addRows(float[] vectors, int from, int to, int stride, int offset, double[] sums) {
    int width = sums.length;
    for (int r = from; r < to; r++) {
      int at = r * stride + offset;
      for (int d = 0; d < width; d++) {
        sums[d] += vectors[at + d];
      }
    }
  }

  /**
   * Adds the squared deviations of rows {@code from} to {@code to} (exclusive) from {@code mean} into
   * {@code m2}, in row order, and takes their values into {@code min} and {@code max}.
   */
  static void addDeviations(float[] vectors, int from, int to, int stride, int offset, double[] mean, double[] m2,
      double[] min, double[] max) {
    int width = mean.length;
    for (int r = from; r < to; r++) {
      int at = r * stride + offset;
      for (int d = 0; d < width; d++) {
        double v = vectors[at + d];
        double dev = v - mean[d];
        m2[d] += dev * dev;
        min[d] = Math.min(min[d], v);
        max[d] = Math.max(max[d], v);
      }
    }
  }

  private static float leastFloatAbove(double x) {
    float nearest = (float) x;
    return nearest > x ? nearest : Math.nextUp(nearest);
  }
}
