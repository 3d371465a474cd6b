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

  /**
   * {@code C[m × n] = bias + [A1 | A2] · B}: a cell's pre-activation {@code bias + x·Wx + h·Wh} in
   * one pass over C, with B packed from Wx stacked over Wh ({@code k1 + k2} rows). A1 is
   * {@code m × k1} (at {@code a1Offset}, leading dimension {@code lda1}) and multiplies B's first
   * {@code k1} rows, A2 is {@code m × k2} and multiplies the rest; {@code bias} ({@code n} values) starts
   * every row. Each element is one chain: the bias, then A1's terms, then A2's, each in ascending p, so
   * it gives the same bits as filling C with the bias and calling {@link #multiplyAdd} with A1 and then
   * A2 on the two parts of B.
   */
  void affine(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset, int lda2,
      PackedMatrix b, float[] bias, float[] c, int cOffset, int ldc);

  /** A short name for logs and benchmark tables. */
  String name();
}
