package dev.unroll.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast {@code C += A·B}: B packed once into panels of two vectors' width, a k-block and row-block
 * loop over a register-tile micro-kernel of {@link #MR} rows × two vectors, all in
 * {@code jdk.incubator.vector} FMAs.
 *
 * <p>Determinism: every element of C is one chain {@code c = fma(a[p], b[p], c)} for p = 0, 1, ..., k−1,
 * whichever kernel (full tile, single row, leftover columns) computes it, and storing c between k
 * blocks does not round. So a row's result is bit for bit the same in a batch of 1 or of 1000.
 *
 * <p>Loading this class needs the {@code jdk.incubator.vector} module ({@code --add-modules
 * jdk.incubator.vector}); use {@link Gemms#preferred()}, which checks for it first.
 */
public final class TiledGemm implements Gemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /**
   * Columns of a B panel and of the register tile: two vectors (32 floats with AVX-512). With
   * {@link #MR} = 4 the tile is 8 accumulators, enough independent FMA chains to cover the FMA
   * latency on Zen 5; three vectors measured no faster on the benchmark shapes.
   */
  static final int NR = 2 * LANES;

  /**
   * Rows of the register tile. 4 rows × 2 vectors = 8 accumulators + 2 B vectors + 1 broadcast stay
   * in registers; 6 rows measured about the same and spills more readily in C2 (see the report).
   */
  static final int MR = 4;

  /**
   * Depth of a k block: a {@code KC × NR} B micro-panel (16 KB at 128 with AVX-512) stays in the
   * 32 KB L1d this machine's cores report while the micro-kernel sweeps every row of the block; 64 and 256 were
   * measured slower or no faster on this machine.
   */
  static final int KC = 128;

  /**
   * Rows of a row block: {@code MC × KC} floats of A (256 KB at 512) stay in the 1 MB L2 while every
   * panel of B passes over them.
   */
  static final int MC = 512;

  @Override
  public PackedMatrix pack(float[] b, int rows, int cols) {
    GemmChecks.checkPack(b, rows, cols);
    return Panels.pack(b, rows, cols, NR);
  }

  @Override
  public void multiplyAdd(
      int m, float[] a, int aOffset, int lda, PackedMatrix packed, float[] c, int cOffset, int ldc) {
    Panels b = Panels.of(packed, NR, this);
    GemmChecks.checkMultiply(m, a, aOffset, lda, b.rows(), b.cols(), c, cOffset, ldc);
    multiplyAddTrusted(m, a, aOffset, lda, b, c, cOffset, ldc);
  }

  /** The tile loops; arguments are already checked. */
  private static void multiplyAddTrusted(
      int m, float[] a, int aOffset, int lda, Panels b, float[] c, int cOffset, int ldc) {
    int k = b.rows();
    int n = b.cols();
    float[] bv = b.values();
    for (int pc = 0; pc < k; pc += KC) { // k block: ascending, so each c's chain stays in order
      int kc = Math.min(KC, k - pc);
      for (int ic = 0; ic < m; ic += MC) { // row block
        int end = Math.min(m, ic + MC);
        for (int j0 = 0; j0 < n; j0 += NR) { // B panel
          int w = Math.min(NR, n - j0);
          int panel = j0 * k + pc * w;
          int aCol = aOffset + pc;
          int cCol = cOffset + j0;
          if (w < NR) {
            leftoverColumns(ic, end, kc, w, a, aCol, lda, bv, panel, c, cCol, ldc);
            continue;
          }
          int i = ic;
          for (; i + MR <= end; i += MR) {
            microKernel(kc, a, aCol + i * lda, lda, bv, panel, c, cCol + i * ldc, ldc);
          }
          for (; i < end; i++) {
            oneRow(kc, a, aCol + i * lda, bv, panel, c, cCol + i * ldc);
          }
        }
      }
    }
  }

  // micro-kernel: MR rows × two vectors of C held in registers over the k block
  private static void microKernel(
      int kc, float[] a, int a0, int lda, float[] b, int bp, float[] c, int c0, int ldc) {
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    FloatVector c00 = FloatVector.fromArray(SPECIES, c, c0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, c, c1);
    FloatVector c11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, c, c2);
    FloatVector c21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, c, c3);
    FloatVector c31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
    for (int p = 0; p < kc; p++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(SPECIES, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(SPECIES, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(SPECIES, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + LANES);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + LANES);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + LANES);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + LANES);
  }

  /** The rows left over below the last full tile: the same chain, one row at a time. */
  private static void oneRow(int kc, float[] a, int a0, float[] b, int bp, float[] c, int c0) {
    FloatVector acc0 = FloatVector.fromArray(SPECIES, c, c0);
    FloatVector acc1 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
    for (int p = 0; p < kc; p++, bp += NR) {
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
      acc0 = x.fma(FloatVector.fromArray(SPECIES, b, bp), acc0);
      acc1 = x.fma(FloatVector.fromArray(SPECIES, b, bp + LANES), acc1);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + LANES);
  }

  /** The last, narrower panel ({@code w < NR} columns): scalar FMAs in the same order. */
  private static void leftoverColumns(int from, int to, int kc, int w, float[] a, int aCol, int lda,
      float[] b, int bp, float[] c, int cCol, int ldc) {
    for (int i = from; i < to; i++) {
      int ai = aCol + i * lda;
      int ci = cCol + i * ldc;
      for (int jj = 0; jj < w; jj++) {
        float acc = c[ci + jj];
        for (int p = 0, bi = bp + jj; p < kc; p++, bi += w) {
          acc = Math.fma(a[ai + p], b[bi], acc);
        }
        c[ci + jj] = acc;
      }
    }
  }

  @Override
  public String name() {
    return "tiled-vector-" + SPECIES.vectorBitSize();
  }
}
