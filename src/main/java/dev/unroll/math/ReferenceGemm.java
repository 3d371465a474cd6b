package dev.unroll.math;

import java.util.Arrays;

/**
 * The obviously correct matmul: plain loops over a row-major copy of B. Every faster kernel is
 * tested against it.
 */
public final class ReferenceGemm implements Gemm {

  @Override
  public PackedMatrix pack(float[] b, int rows, int cols) {
    GemmChecks.checkPack(b, rows, cols);
    return new RowMajor(Arrays.copyOf(b, rows * cols), rows, cols);
  }

  @Override
  public void multiplyAdd(
      int m, float[] a, int aOffset, int lda, PackedMatrix packed, float[] c, int cOffset, int ldc) {
    RowMajor b = rowMajor(packed);
    GemmChecks.checkMultiply(m, a, aOffset, lda, b.rows, b.cols, c, cOffset, ldc);
    addProducts(m, a, aOffset, lda, b, 0, b.rows, c, cOffset, ldc);
  }

  @Override
  public void affine(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, PackedMatrix packed, float[] bias, float[] c, int cOffset, int ldc) {
    RowMajor b = rowMajor(packed);
    GemmChecks.checkAffine(
        m, a1, a1Offset, lda1, k1, a2, a2Offset, lda2, b.rows, b.cols, bias, c, cOffset, ldc);
    for (int i = 0; i < m; i++) {
      System.arraycopy(bias, 0, c, cOffset + i * ldc, b.cols);
    }
    addProducts(m, a1, a1Offset, lda1, b, 0, k1, c, cOffset, ldc);
    addProducts(m, a2, a2Offset, lda2, b, k1, b.rows, c, cOffset, ldc);
  }

  /** {@code C += A · B[from .. to)}, A's column 0 meeting B's row {@code from}. */
  private static void addProducts(
      int m, float[] a, int aOffset, int lda, RowMajor b, int from, int to, float[] c, int cOffset, int ldc) {
    int n = b.cols;
    // i-p-j order: each c[i][j] still accumulates a[i][p]·b[p][j] for p ascending, and the inner
    // loop runs along contiguous rows of B and C.
    for (int i = 0; i < m; i++) {
      int cRow = cOffset + i * ldc;
      int aRow = aOffset + i * lda - from;
      for (int p = from; p < to; p++) {
        float aip = a[aRow + p];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += aip * b.values[bRow + j];
        }
      }
    }
  }

  private static RowMajor rowMajor(PackedMatrix packed) {
    if (!(packed instanceof RowMajor b)) {
      throw new IllegalArgumentException("B was packed by another Gemm: " + packed.getClass().getName());
    }
    return b;
  }

  @Override
  public String name() {
    return "reference";
  }

  private record RowMajor(float[] values, int rows, int cols) implements PackedMatrix {}
}
