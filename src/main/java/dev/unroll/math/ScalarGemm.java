package dev.unroll.math;

/**
 * The fallback {@code C += A·B} for JVMs without {@code jdk.incubator.vector}: plain Java, inner loop
 * one row of B times a scalar added into one row of C with {@link Math#fma}, the shape a JIT can
 * vectorise. (Measured: Java 17's C2 does not, because it cannot prove B's and C's rows apart; with
 * plain {@code +=} it is no faster, so the fused form is kept for its bit-equality with TiledGemm.)
 *
 * <p>Each element of C is the chain {@code c = fma(a[p], b[p], c)} for p ascending, whatever m is, so
 * it is deterministic in the same sense as {@link TiledGemm} (and gives the same bits as it).
 */
public final class ScalarGemm implements Gemm {

  @Override
  public PackedMatrix pack(float[] b, int rows, int cols) {
    GemmChecks.checkPack(b, rows, cols);
    // one panel as wide as B: plain row-major, which is what the row loop below streams best
    return Panels.pack(b, rows, cols, Math.max(cols, 1));
  }

  @Override
  public void multiplyAdd(
      int m, float[] a, int aOffset, int lda, PackedMatrix packed, float[] c, int cOffset, int ldc) {
    if (!(packed instanceof Panels b) || b.width() != Math.max(b.cols(), 1)) {
      throw new IllegalArgumentException(
          "B was packed by another Gemm (" + packed.getClass().getName() + "), not by " + name());
    }
    GemmChecks.checkMultiply(m, a, aOffset, lda, b.rows(), b.cols(), c, cOffset, ldc);
    int k = b.rows();
    int n = b.cols();
    float[] bv = b.values();
    for (int i = 0; i < m; i++) {
      int ci = cOffset + i * ldc;
      int ai = aOffset + i * lda;
      for (int p = 0; p < k; p++) {
        rowUpdate(a[ai + p], bv, p * n, c, ci, n);
      }
    }
  }

  /** {@code c[ci ..+n] = fma(x, b[bi ..+n], c[ci ..+n])}. */
  private static void rowUpdate(float x, float[] b, int bi, float[] c, int ci, int n) {
    for (int j = 0; j < n; j++) {
      c[ci + j] = Math.fma(x, b[bi + j], c[ci + j]);
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
