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

  static void checkAffine(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, int k, int n, float[] bias, float[] c, int cOffset, int ldc) {
    if (k1 < 0 || k1 > k) {
      throw new IllegalArgumentException(
          "bad affine split: k1=" + k1 + " of the k=" + k + " rows of B (n=" + n + ")");
    }
    if (bias.length < n) {
      throw new IllegalArgumentException("affine bias has " + bias.length + " values for n=" + n);
    }
    checkMultiply(m, a1, a1Offset, lda1, k1, n, c, cOffset, ldc);
    checkMultiply(m, a2, a2Offset, lda2, k - k1, n, c, cOffset, ldc);
  }

  static void checkAffineTiles(int m, float[] a1, int a1Offset, int k1, float[] a2, int a2Offset, int k,
      int n, float[] bias, float[] c, int cOffset, int tileRows) {
    if (k1 < 0 || k1 > k) {
      throw new IllegalArgumentException(
          "bad affine split: k1=" + k1 + " of the k=" + k + " rows of B (n=" + n + ")");
    }
    if (bias.length < n) {
      throw new IllegalArgumentException("affine bias has " + bias.length + " values for n=" + n);
    }
    if (m < 0 || a1Offset < 0 || a2Offset < 0 || cOffset < 0) {
      throw new IllegalArgumentException("bad gemm shape: m=" + m + " k=" + k + " n=" + n);
    }
    long rows = RowTiles.paddedRows(m, tileRows);
    long a1End = a1Offset + rows * k1;
    long a2End = a2Offset + rows * (k - k1);
    long cEnd = cOffset + rows * n;
    if (a1End > a1.length || a2End > a2.length || cEnd > c.length) {
      throw new IllegalArgumentException(
          "gemm m=" + m + " (" + rows + " rows in tiles of " + tileRows + ") k=" + k + " n=" + n
              + " reads A1 up to " + a1End + " of " + a1.length + ", A2 up to " + a2End + " of "
              + a2.length + " and C up to " + cEnd + " of " + c.length);
    }
  }
}
