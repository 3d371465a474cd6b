package dev.unroll.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;
import java.util.Arrays;

/**
 * Our {@link Gemm} contract on breeze's BLAS (dev.ludovic.netlib {@code sgemm}), the matmul a Spark
 * user already has. BLAS is column-major, so row-major {@code C += A·B} is asked as
 * {@code Cᵀ += Bᵀ·Aᵀ}, which needs no copies.
 */
final class NetlibGemm implements Gemm {
  private final BLAS blas;

  NetlibGemm(BLAS blas) {
    this.blas = blas;
  }

  @Override
  public PackedMatrix pack(float[] b, int rows, int cols) {
    return new RowMajor(Arrays.copyOf(b, rows * cols), rows, cols);
  }

  @Override
  public void multiplyAdd(
      int m, float[] a, int aOffset, int lda, PackedMatrix packed, float[] c, int cOffset, int ldc) {
    RowMajor b = (RowMajor) packed;
    if (m == 0 || b.rows == 0 || b.cols == 0) {
      return;
    }
    blas.sgemm("N", "N", b.cols, m, b.rows, 1f, b.values, 0, b.cols, a, aOffset, lda, 1f, c, cOffset, ldc);
  }

  @Override
  public void affine(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, PackedMatrix packed, float[] bias, float[] c, int cOffset, int ldc) {
    RowMajor b = (RowMajor) packed;
    for (int i = 0; i < m; i++) {
      System.arraycopy(bias, 0, c, cOffset + i * ldc, b.cols);
    }
    if (m == 0 || b.cols == 0) {
      return;
    }
    int k2 = b.rows - k1;
    if (k1 > 0) {
      blas.sgemm("N", "N", b.cols, m, k1, 1f, b.values, 0, b.cols, a1, a1Offset, lda1, 1f, c, cOffset, ldc);
    }
    if (k2 > 0) { // B's rows from k1 on: the Wh part
      blas.sgemm("N", "N", b.cols, m, k2, 1f, b.values, k1 * b.cols, b.cols, a2, a2Offset, lda2, 1f, c,
          cOffset, ldc);
    }
  }

  @Override
  public String name() {
    return "netlib-" + blas.getClass().getSimpleName();
  }

  private record RowMajor(float[] values, int rows, int cols) implements PackedMatrix {}
}
