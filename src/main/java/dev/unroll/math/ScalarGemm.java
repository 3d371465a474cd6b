package dev.unroll.math;

/**
 * The fallback {@code C += A·B} for JVMs without {@code jdk.incubator.vector}: plain Java written so
 * that Java 17's C2 (SuperWord) vectorises it. B is packed in panels of {@link #NC} columns, each row of
 * a panel its own {@code float[]}; a row of C is copied into a per-thread scratch row and the inner loop
 * is {@code acc[j] = fma(a, b[j], acc[j])} with the same index {@code j} into every array.
 *
 * <p>Why that shape: SuperWord in Java 17 vectorises a loop only when it can prove the loads and the
 * store independent, and two {@code float[]} indexed at different variable offsets (a row of B inside
 * one packed array, a row of C inside the batch) might be the same array, so it gives up and runs
 * scalar code. With every access at plain {@code j} it vectorises (measured: one 128 × 256 panel times
 * one row went from 9.6 to 39 GFLOP/s).
 *
 * <p>Each element of C is the chain {@code c = fma(a[p], b[p], c)} for p ascending, whatever m is, so
 * it is deterministic in the same sense as {@link TiledGemm} (and gives the same bits as it).
 */
public final class ScalarGemm implements Gemm {

  /**
   * Columns of a B panel: a {@code k × 256} panel (512 KB at k = 512, W5's widest) stays in the 1 MB
   * L2 while every row of A passes over it, and the 1 KB scratch row of C stays in L1 across the k loop.
   */
  static final int NC = 256;

  /**
   * Rows of B folded into one pass over the scratch row: one load and one store of it per four FMAs
   * instead of one (measured: 28 to 39 GFLOP/s on one panel). The FMAs stay one chain per element in
   * ascending p, so the bits do not change.
   */
  static final int KU = 4;

  /** Per-thread scratch row of C: the kernel is shared by threads and must not allocate per call. */
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[NC]);

  /** Panel q holds columns {@code q·NC ..} of B as {@code panels[q][p]} = row p, its own array. */
  private record RowPanels(float[][][] panels, int rows, int cols) implements PackedMatrix {}

  @Override
  public PackedMatrix pack(float[] b, int rows, int cols) {
    GemmChecks.checkPack(b, rows, cols);
    float[][][] panels = new float[(cols + NC - 1) / NC][rows][];
    for (int q = 0; q < panels.length; q++) {
      int j0 = q * NC;
      int w = Math.min(NC, cols - j0);
      for (int p = 0; p < rows; p++) {
        panels[q][p] = java.util.Arrays.copyOfRange(b, p * cols + j0, p * cols + j0 + w);
      }
    }
    return new RowPanels(panels, rows, cols);
  }

  @Override
  public void multiplyAdd(
      int m, float[] a, int aOffset, int lda, PackedMatrix packed, float[] c, int cOffset, int ldc) {
    RowPanels b = rowPanels(packed);
    GemmChecks.checkMultiply(m, a, aOffset, lda, b.rows(), b.cols(), c, cOffset, ldc);
    run(m, a, aOffset, lda, b.rows(), a, aOffset, lda, b, null, c, cOffset, ldc);
  }

  @Override
  public void affine(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, PackedMatrix packed, float[] bias, float[] c, int cOffset, int ldc) {
    RowPanels b = rowPanels(packed);
    GemmChecks.checkAffine(
        m, a1, a1Offset, lda1, k1, a2, a2Offset, lda2, b.rows(), b.cols(), bias, c, cOffset, ldc);
    run(m, a1, a1Offset, lda1, k1, a2, a2Offset, lda2, b, bias, c, cOffset, ldc);
  }

  /** C (+)= [A1 | A2]·B, starting from the bias when there is one and from C otherwise. */
  private static void run(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, RowPanels b, float[] bias, float[] c, int cOffset, int ldc) {
    float[] acc = SCRATCH.get();
    for (int q = 0; q < b.panels().length; q++) { // panel loop: one panel of B in L2 for all rows
      float[][] panel = b.panels()[q];
      int j0 = q * NC;
      int w = Math.min(NC, b.cols() - j0);
      for (int i = 0; i < m; i++) {
        int ci = cOffset + i * ldc + j0;
        System.arraycopy(bias == null ? c : bias, bias == null ? ci : j0, acc, 0, w);
        rowTimesPanel(a1, a1Offset + i * lda1, panel, 0, k1, acc, w);
        rowTimesPanel(a2, a2Offset + i * lda2 - k1, panel, k1, panel.length, acc, w);
        System.arraycopy(acc, 0, c, ci, w);
      }
    }
  }

  private RowPanels rowPanels(PackedMatrix packed) {
    if (!(packed instanceof RowPanels b)) {
      throw new IllegalArgumentException(
          "B was packed by another Gemm (" + packed.getClass().getName() + "), not by " + name());
    }
    return b;
  }

  /**
   * {@code acc[0 ..w) = fma(a[ai + p], panel[p], acc)} for p = from .. to−1 in order, KU p per pass
   * ({@code ai} is where p = 0 would be, so A's first column meets panel row {@code from}).
   */
  private static void rowTimesPanel(
      float[] a, int ai, float[][] panel, int from, int to, float[] acc, int w) {
    int p = from;
    for (; p + KU <= to; p += KU) {
      float a0 = a[ai + p];
      float a1 = a[ai + p + 1];
      float a2 = a[ai + p + 2];
      float a3 = a[ai + p + 3];
      float[] b0 = panel[p];
      float[] b1 = panel[p + 1];
      float[] b2 = panel[p + 2];
      float[] b3 = panel[p + 3];
      for (int j = 0; j < w; j++) {
        acc[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))));
      }
    }
    for (; p < to; p++) {
      float x = a[ai + p];
      float[] bp = panel[p];
      for (int j = 0; j < w; j++) {
        acc[j] = Math.fma(x, bp[j], acc[j]);
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
