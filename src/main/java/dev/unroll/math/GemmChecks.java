package dev.unroll.math;

/** Argument checks done once at the public edge of every {@link Gemm}, with shapes in the message. */
final class GemmChecks {
  private GemmChecks() {}

  static void checkPack(float[] b, int rows, int cols) {
    if (rows < 0 || cols < 0 || (long) rows * cols > b.length) {
      throw new IllegalArgumentException(
          "cannot pack a " + rows + " x " + cols + " matrix from " + b.length + " values");
    }
  }

  static void checkMultiply(
      int m, float[] a, int aOffset, int lda, int k, int n, float[] c, int cOffset, int ldc) {
    if (m < 0 || lda < k || ldc < n || aOffset < 0 || cOffset < 0) {
      throw new IllegalArgumentException(
          "bad gemm shape: m=" + m + " k=" + k + " n=" + n + " lda=" + lda + " ldc=" + ldc);
    }
    if (m == 0) {
      return;
    }
    long aEnd = aOffset + (long) (m - 1) * lda + k;
    long cEnd = cOffset + (long) (m - 1) * ldc + n;
    if (aEnd > a.length || cEnd > c.length) {
      throw new IllegalArgumentException(
          "gemm m=" + m + " k=" + k + " n=" + n + " reads A up to " + aEnd + " of " + a.length
              + " and C up to " + cEnd + " of " + c.length);
    }
  }
}
