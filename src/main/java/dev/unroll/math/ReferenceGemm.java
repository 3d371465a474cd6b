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
    if (!(packed instanceof RowMajor b)) {
      throw new IllegalArgumentException("B was packed by another Gemm: " + packed.getClass().getName());
    }
    GemmChecks.checkMultiply(m, a, aOffset, lda, b.rows, b.cols, c, cOffset, ldc);
    int k = b.rows;
    int n = b.cols;
    // i-p-j order: each c[i][j] still accumulates a[i][p]·b[p][j] for p ascending, and the inner
    // loop runs along contiguous rows of B and C.
    for (int i = 0; i < m; i++) {
      int cRow = cOffset + i * ldc;
      int aRow = aOffset + i * lda;
      for (int p = 0; p < k; p++) {
        float aip = a[aRow + p];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += aip * b.values[bRow + j];
        }
      }
    }
  }

  @Override
  public String name() {
    return "reference";
  }

  private record RowMajor(float[] values, int rows, int cols) implements PackedMatrix {}
}
