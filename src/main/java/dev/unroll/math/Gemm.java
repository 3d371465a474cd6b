package dev.unroll.math;

/**
 * Single-precision {@code C += A·B} where B is a weight matrix packed once, when a model is prepared,
 * into whatever layout the implementation's inner loop wants. A and C are row-major, or, for
 * {@link #affineTiles}, in the implementation's {@link RowTiles} layout: the one the cells' state lives
 * in. The defaults are one row a tile, which is row-major; an implementation with taller tiles
 * overrides {@link #tileRows}, {@link #affineTiles} and {@link #toTiles} together.
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

  /**
   * Rows of a tile in this implementation's {@link RowTiles} layout: the operands of
   * {@link #affineTiles} come in tiles of this many rows. The default, one, is plain row-major.
   */
  default int tileRows() {
    return 1;
  }

  /**
   * {@link #affine} on matrices in the {@link RowTiles} layout of {@link #tileRows()} rows: A1
   * ({@code m × k1} at {@code a1Offset}), A2 ({@code m × k2} at {@code a2Offset}, k2 the rest of B's
   * rows) and C ({@code m × n} at {@code cOffset}). Every tile holding one of the m rows is computed
   * whole: C's padding rows get whatever A's padding rows give. Each element is the same chain as in
   * {@link #affine}, so the bits are the same.
   */
  default void affineTiles(int m, float[] a1, int a1Offset, int k1, float[] a2, int a2Offset,
      PackedMatrix b, float[] bias, float[] c, int cOffset) {
    // the default layout, one row a tile, is row-major with each matrix's width as its stride
    affine(m, a1, a1Offset, k1, k1, a2, a2Offset, b.rows() - k1, b, bias, c, cOffset, b.cols());
  }

  /**
   * Rows {@code 0 .. m-1} of a row-major matrix (row i at {@code srcOffset + i·srcStride}) into this
   * Gemm's {@link RowTiles} layout at {@code dstOffset}; the padding rows of the last tile become 0.
   */
  default void toTiles(float[] src, int srcOffset, int srcStride, int m, int cols, float[] dst,
      int dstOffset) {
    RowTiles.toTiles(src, srcOffset, srcStride, m, cols, dst, dstOffset, tileRows());
  }

  /** A short name for logs and benchmark tables. */
  String name();
}
