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
   * Columns of a B panel and of the register tile: two vectors (32 floats with AVX-512), so a B row
   * of the panel is two loads reused by every row of the tile. Three and four vectors (with 4 and 3
   * rows) were not faster here, and leave scalar leftovers on widths like 512 that two vectors divide.
   */
  static final int NR = 2 * LANES;

  /**
   * Rows of the register tile: 8 rows × 2 vectors = 16 accumulators, plus 2 B vectors and the
   * broadcasts, fit AVX-512's 32 registers and give enough independent FMA chains to hide the FMA
   * latency. Measured on the benchmark shapes (best of 9 runs on a shared, busy core): 8 rows about
   * 100 GFLOP/s, 6 and 4 rows 5-15% lower.
   */
  static final int MR = 8;

  /**
   * Depth of a k block: 512 covers every recurrent and input matmul of the benchmark workloads in one
   * block (k is 32 to 512), so each element of C is loaded and stored once per call instead of once per
   * block; the {@code KC × NR} B micro-panel (64 KB) then streams from L2, which the two B loads per
   * 16 FMAs keep up with. Measured on W5 (k = 512 and 256; same run, load 1.2-1.7,
   * RecurrentMatmulBenchmark / UnrollBenchmark medians): 128 gave 1336-1372 µs / 219-233 ms, 512 gave
   * 1234-1284 µs / 203-207 ms; W1-W4 have k ≤ 128, so only NC can change them: W1 (two column
   * blocks now) 317-319 µs / 30.6-30.7 ms before, 320 µs / 30.5-30.6 ms after, W4 within noise.
   */
  static final int KC = 512;

  /**
   * Rows of a row block: its {@code MC × KC} floats of A are read again for every column block of B.
   * The benchmark shapes use far less than this (W5's step: 64 × 512 floats = 128 KB); at a full
   * 512 × 512 block A alone would fill L2, which no measured workload reaches.
   */
  static final int MC = 512;

  /**
   * Columns of a column block: a {@code KC × NC} block of B (512 KB at 512 × 256) stays in the 1 MB L2
   * next to the rows of A and C a row block touches, while a row tile sweeps across it. Sweeping panels
   * inside a row tile (rather than rows inside a panel) lets the tile's rows of C stream in once, left
   * to right, which the hardware prefetcher follows; panels outside row tiles (A packed, KC = 128)
   * measured 10% slower on W5. With KC = 128 on W5's recurrent step, 1024 gave 1832 µs, 512 gave
   * 1497 µs, 256 gave 1569 µs; with KC = 512, 256 and 512 are within noise (1250-1291 µs) and 256
   * keeps the block at half of L2.
   */
  static final int NC = 256;

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
    int fullPanelsEnd = n - n % NR;
    for (int pc = 0; pc < k; pc += KC) { // k block: ascending, so each c's chain stays in order
      int kc = Math.min(KC, k - pc);
      int aCol = aOffset + pc;
      for (int jc = 0; jc < fullPanelsEnd; jc += NC) { // column block of B, kept in L2
        int jcEnd = Math.min(fullPanelsEnd, jc + NC);
        for (int ic = 0; ic < m; ic += MC) { // row block
          int end = Math.min(m, ic + MC);
          int i = ic;
          // row tile, then the panels across it: the tile's rows of C stream in once, left to right
          for (; i + MR <= end; i += MR) {
            for (int j0 = jc; j0 < jcEnd; j0 += NR) {
              microKernel(kc, a, aCol + i * lda, lda, bv, j0 * k + pc * NR, c, cOffset + i * ldc + j0, ldc);
            }
          }
          for (; i < end; i++) {
            for (int j0 = jc; j0 < jcEnd; j0 += NR) {
              oneRow(kc, a, aCol + i * lda, bv, j0 * k + pc * NR, c, cOffset + i * ldc + j0);
            }
          }
        }
      }
      if (fullPanelsEnd < n) { // the last, narrower panel
        int w = n - fullPanelsEnd;
        leftoverColumns(0, m, kc, w, a, aCol, lda, bv, fullPanelsEnd * k + pc * w, c,
            cOffset + fullPanelsEnd, ldc);
      }
    }
  }

  // micro-kernel: MR rows × two vectors of C held in 16 registers over the k block
  private static void microKernel(
      int kc, float[] a, int a0, int lda, float[] b, int bp, float[] c, int c0, int ldc) {
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int a6 = a5 + lda;
    int a7 = a6 + lda;
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
    FloatVector t00 = FloatVector.fromArray(SPECIES, c, c0);
    FloatVector t01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
    FloatVector t10 = FloatVector.fromArray(SPECIES, c, c1);
    FloatVector t11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
    FloatVector t20 = FloatVector.fromArray(SPECIES, c, c2);
    FloatVector t21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
    FloatVector t30 = FloatVector.fromArray(SPECIES, c, c3);
    FloatVector t31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
    FloatVector t40 = FloatVector.fromArray(SPECIES, c, c4);
    FloatVector t41 = FloatVector.fromArray(SPECIES, c, c4 + LANES);
    FloatVector t50 = FloatVector.fromArray(SPECIES, c, c5);
    FloatVector t51 = FloatVector.fromArray(SPECIES, c, c5 + LANES);
    FloatVector t60 = FloatVector.fromArray(SPECIES, c, c6);
    FloatVector t61 = FloatVector.fromArray(SPECIES, c, c6 + LANES);
    FloatVector t70 = FloatVector.fromArray(SPECIES, c, c7);
    FloatVector t71 = FloatVector.fromArray(SPECIES, c, c7 + LANES);
    for (int p = 0; p < kc; p++) {
      // indices linear in p (not a second induction variable) let C2 hoist the range checks
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp + p * NR);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + p * NR + LANES);
      FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
      t00 = x0.fma(b0, t00);
      t01 = x0.fma(b1, t01);
      FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + p]);
      t10 = x1.fma(b0, t10);
      t11 = x1.fma(b1, t11);
      FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + p]);
      t20 = x2.fma(b0, t20);
      t21 = x2.fma(b1, t21);
      FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + p]);
      t30 = x3.fma(b0, t30);
      t31 = x3.fma(b1, t31);
      FloatVector x4 = FloatVector.broadcast(SPECIES, a[a4 + p]);
      t40 = x4.fma(b0, t40);
      t41 = x4.fma(b1, t41);
      FloatVector x5 = FloatVector.broadcast(SPECIES, a[a5 + p]);
      t50 = x5.fma(b0, t50);
      t51 = x5.fma(b1, t51);
      FloatVector x6 = FloatVector.broadcast(SPECIES, a[a6 + p]);
      t60 = x6.fma(b0, t60);
      t61 = x6.fma(b1, t61);
      FloatVector x7 = FloatVector.broadcast(SPECIES, a[a7 + p]);
      t70 = x7.fma(b0, t70);
      t71 = x7.fma(b1, t71);
    }
    t00.intoArray(c, c0);
    t01.intoArray(c, c0 + LANES);
    t10.intoArray(c, c1);
    t11.intoArray(c, c1 + LANES);
    t20.intoArray(c, c2);
    t21.intoArray(c, c2 + LANES);
    t30.intoArray(c, c3);
    t31.intoArray(c, c3 + LANES);
    t40.intoArray(c, c4);
    t41.intoArray(c, c4 + LANES);
    t50.intoArray(c, c5);
    t51.intoArray(c, c5 + LANES);
    t60.intoArray(c, c6);
    t61.intoArray(c, c6 + LANES);
    t70.intoArray(c, c7);
    t71.intoArray(c, c7 + LANES);
  }

  /** The rows left over below the last full tile: the same chain, one row at a time. */
  private static void oneRow(int kc, float[] a, int a0, float[] b, int bp, float[] c, int c0) {
    FloatVector acc0 = FloatVector.fromArray(SPECIES, c, c0);
    FloatVector acc1 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
    for (int p = 0; p < kc; p++) {
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
      acc0 = x.fma(FloatVector.fromArray(SPECIES, b, bp + p * NR), acc0);
      acc1 = x.fma(FloatVector.fromArray(SPECIES, b, bp + p * NR + LANES), acc1);
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
