package dev.unroll.math;

/**
 * Single-precision {@code C += A·B} where B is a weight matrix packed once, when a model is prepared,
 * into whatever layout the implementation's inner loop wants.
 *
 * <p>Contract shared by every implementation: each element of C is reduced over k in an order that
 * depends only on k (never on m, the row's position or the thread), so a row's result does not depend
 * on how rows were batched.
 */
public interface Gemm {

  /** Packs a row-major {@code rows × cols} matrix (k × n) for use as B. */
  PackedMatrix pack(float[] b, int rows, int cols);

  /**
   * {@code C[m × n] += A[m × k] · B[k × n]}, with A row-major at {@code aOffset} with leading
   * dimension {@code lda}, and C likewise.
   */
  void multiplyAdd(int m, float[] a, int aOffset, int lda, PackedMatrix b, float[] c, int cOffset, int ldc);

  /** A short name for logs and benchmark tables. */
  String name();
}
