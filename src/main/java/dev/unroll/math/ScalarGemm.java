package dev.unroll.math;

/**
 * The fallback {@code C += A·B} for JVMs without {@code jdk.incubator.vector}: plain Java. B is packed
 * in panels of {@link #NC} columns that stay in L2 while every row of A passes over them; the inner loop
 * runs along one row of C, folding {@link #KU} rows of the panel into each pass. (Measured on the
 * benchmark's W1 and W5 without the module: 1.5x and 1.4x faster than the former one-row-of-B loop
 * over all of B; plain {@code +} and {@code *} instead of {@link Math#fma} and two rows of C per pass
 * were not faster, so the fused form is kept for its bit-equality with TiledGemm.)
 *
 * <p>Each element of C is the chain {@code c = fma(a[p], b[p], c)} for p ascending, whatever m is, so
 * it is deterministic in the same sense as {@link TiledGemm} (and gives the same bits as it).
 */
public final class ScalarGemm implements Gemm {

  /**
   * Columns of a B panel: a {@code k × 256} panel (512 KB at k = 512, W5's widest) stays in the 1 MB
   * L2 while every row of A passes over it, and a 1 KB row of C stays in L1 across the k loop.
   */
  static final int NC = 256;

  /**
   * Rows of B folded into one pass over a row of C: each pass loads and stores C once for four FMAs
   * instead of one. The FMAs stay one chain per element in ascending p, so the bits do not change.
   */
  static final int KU = 4;

  @Override
  public PackedMatrix pack(float[] b, int rows, int cols) {
    GemmChecks.checkPack(b, rows, cols);
    return Panels.pack(b, rows, cols, NC);
  }

  @Override
  public void multiplyAdd(
      int m, float[] a, int aOffset, int lda, PackedMatrix packed, float[] c, int cOffset, int ldc) {
    Panels b = Panels.of(packed, NC, this);
    GemmChecks.checkMultiply(m, a, aOffset, lda, b.rows(), b.cols(), c, cOffset, ldc);
    int k = b.rows();
    float[] bv = b.values();
    for (int j0 = 0; j0 < b.cols(); j0 += NC) { // panel loop: one panel of B in L2 for all rows
      int w = Math.min(NC, b.cols() - j0);
      int panel = j0 * k;
      for (int i = 0; i < m; i++) {
        rowTimesPanel(a, aOffset + i * lda, k, bv, panel, w, c, cOffset + i * ldc + j0);
      }
    }
  }

  /**
   * {@code c[ci ..+w] = fma(a[ai + p], b[p-th panel row], c)} for p = 0 .. k−1 in order, KU rows of
   * the panel per pass over c. The inner loops touch only contiguous runs of floats with no
   * reductions, which is what C2's SuperWord turns into vector code.
   */
  private static void rowTimesPanel(float[] a, int ai, int k, float[] b, int panel, int w, float[] c,
      int ci) {
    int p = 0;
    for (; p + KU <= k; p += KU) {
      float a0 = a[ai + p];
      float a1 = a[ai + p + 1];
      float a2 = a[ai + p + 2];
      float a3 = a[ai + p + 3];
      int b0 = panel + p * w;
      int b1 = b0 + w;
      int b2 = b1 + w;
      int b3 = b2 + w;
      for (int j = 0; j < w; j++) {
        c[ci + j] = Math.fma(a3, b[b3 + j], Math.fma(a2, b[b2 + j],
            Math.fma(a1, b[b1 + j], Math.fma(a0, b[b0 + j], c[ci + j]))));
      }
    }
    for (; p < k; p++) {
      float x = a[ai + p];
      int bp = panel + p * w;
      for (int j = 0; j < w; j++) {
        c[ci + j] = Math.fma(x, b[bp + j], c[ci + j]);
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
