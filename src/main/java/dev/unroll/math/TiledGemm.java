package dev.unroll.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast {@code C += A·B} (and {@code C = bias + [A1 | A2]·B}): B packed once into panels of two
 * vectors' width, a k-block and row-block loop over a register-tile micro-kernel of {@link #MR} rows ×
 * two vectors, all in {@code jdk.incubator.vector} FMAs.
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
   * Depth of a k block: 1024 covers every matmul of the benchmark workloads in one block (a cell's
   * pre-activation has k = input + units: 192 for W1-W3, 96 for W4, 768 for W5), so each element of C
   * is stored once per call instead of once per block; the {@code KC × NR} B micro-panel (96 KB at
   * W5) streams from L2, which the two B loads per 16 FMAs keep up with. Measured on W5's unroll
   * (UnrollBenchmark medians, alternating runs, load 1.2-1.6): 1024 gave 203.9, 200.8 and 202.1 ms,
   * 512 (the pre-activation in two blocks) 221.6, 200.8 and 206.3 ms; before the pre-activation was
   * one pass, 512 had beaten 128 (W5's recurrent step alone 1234-1284 µs against 1336-1372 µs).
   */
  static final int KC = 1024;

  /**
   * Rows of a row block: its {@code MC × KC} floats of A are read again for every column block of B.
   * The benchmark shapes use far less than this (W5's step: 64 × 512 floats = 128 KB); at a full
   * 512 × 512 block A alone would fill L2, which no measured workload reaches.
   */
  static final int MC = 512;

  /**
   * Columns of a column block: a {@code KC × NC} block of B (768 KB at W5's 768 × 256) stays in the
   * 1 MB L2 while a row tile sweeps across it. Sweeping panels inside a row tile (rather than rows
   * inside a panel) lets the tile's rows of C stream in once, left to right, which the hardware
   * prefetcher follows; panels outside row tiles (A packed, KC = 128) measured 10% slower on W5. With
   * KC = 128 on W5's recurrent step, 1024 gave 1832 µs, 512 gave 1497 µs, 256 gave 1569 µs; with the
   * one-pass pre-activation and KC = 1024, 128 and 256 are within noise (W5 unroll 195.8 and 191.7
   * against 193.3 and 190.8 ms; W1 29.2 and 29.1 against 29.0 and 28.9 ms).
   */
  static final int NC = 256;

  static {
    VectorActivations.fillOperatorCaches(); // before the first matmul can make anything hot
  }

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
    run(m, a, aOffset, lda, b.rows(), a, aOffset, lda, b, null, c, cOffset, ldc);
  }

  @Override
  public void affine(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, PackedMatrix packed, float[] bias, float[] c, int cOffset, int ldc) {
    Panels b = Panels.of(packed, NR, this);
    GemmChecks.checkAffine(
        m, a1, a1Offset, lda1, k1, a2, a2Offset, lda2, b.rows(), b.cols(), bias, c, cOffset, ldc);
    if (b.rows() == 0) { // no k block runs: C is the bias
      for (int i = 0; i < m; i++) {
        System.arraycopy(bias, 0, c, cOffset + i * ldc, b.cols());
      }
      return;
    }
    run(m, a1, a1Offset, lda1, k1, a2, a2Offset, lda2, b, bias, c, cOffset, ldc);
  }

  /**
   * The tile loops over {@code [A1 | A2]·B}, arguments already checked. The first k block starts
   * from the bias when there is one (from C otherwise); inside a block, a tile runs A1's part and then
   * A2's, handing C over in registers' worth of L1.
   */
  private static void run(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, Panels b, float[] bias, float[] c, int cOffset, int ldc) {
    int k = b.rows();
    int n = b.cols();
    float[] bv = b.values();
    int fullPanelsEnd = n - n % NR;
    int a2Start = a2Offset - k1; // where A2's column p would be if it went on from A1's
    for (int pc = 0; pc < k; pc += KC) { // k block: ascending, so each c's chain stays in order
      int pEnd = Math.min(k, pc + KC);
      int end1 = Math.min(pEnd, k1); // [pc, end1) reads A1
      int start2 = Math.max(pc, k1); // [start2, pEnd) reads A2
      float[] init = pc == 0 ? bias : null;
      for (int jc = 0; jc < fullPanelsEnd; jc += NC) { // column block of B, kept in L2
        int jcEnd = Math.min(fullPanelsEnd, jc + NC);
        for (int ic = 0; ic < m; ic += MC) { // row block
          int rowEnd = Math.min(m, ic + MC);
          int i = ic;
          // row tile, then the panels across it: the tile's rows of C stream in once, left to right
          for (; i + MR <= rowEnd; i += MR) {
            int ci = cOffset + i * ldc;
            for (int j0 = jc; j0 < jcEnd; j0 += NR) {
              // the tile starts from the bias (every row alike) or from C
              float[] from = init != null ? init : c;
              int fromOffset = init != null ? j0 : ci + j0;
              int fromStride = init != null ? 0 : ldc;
              if (pc < end1) {
                microKernel(pc, end1, a1, a1Offset + i * lda1, lda1, bv, j0 * k, from, fromOffset, fromStride,
                    c, ci + j0, ldc);
                from = c;
                fromOffset = ci + j0;
                fromStride = ldc;
              }
              if (start2 < pEnd) {
                microKernel(start2, pEnd, a2, a2Start + i * lda2, lda2, bv, j0 * k, from, fromOffset, fromStride,
                    c, ci + j0, ldc);
              }
            }
          }
          for (; i < rowEnd; i++) {
            int ci = cOffset + i * ldc;
            for (int j0 = jc; j0 < jcEnd; j0 += NR) {
              float[] from = init;
              if (pc < end1) {
                oneRow(pc, end1, a1, a1Offset + i * lda1, bv, j0 * k, from, j0, c, ci + j0);
                from = null;
              }
              if (start2 < pEnd) {
                oneRow(start2, pEnd, a2, a2Start + i * lda2, bv, j0 * k, from, j0, c, ci + j0);
              }
            }
          }
        }
      }
      if (fullPanelsEnd < n) { // the last, narrower panel
        leftoverColumns(m, pc, end1, start2, pEnd, n - fullPanelsEnd, a1, a1Offset, lda1, a2, a2Start,
            lda2, bv, fullPanelsEnd * k, init, fullPanelsEnd, c, cOffset + fullPanelsEnd, ldc);
      }
    }
  }

  /**
   * Micro-kernel: {@link #MR} rows × two vectors of C held in 16 registers over p in
   * {@code [from, to)}, reading A at {@code a0 + p} (row r at {@code + r·lda}) and the panel starting at
   * {@code bp}. The tile starts from {@code init} at {@code i0}, row r at {@code i0 + r·initStride}: the
   * bias with stride 0 (every row the same columns), or C itself with stride {@code ldc}.
   *
   * <p>Why one strided start rather than a branch between bias and C: the branch kept C's row offsets
   * live across the loop beside A's, more integers than x86 has registers, and C2's register allocator
   * took four attempts in some JVMs and one in others from the same profile (W4, 8 JMH forks: 3 and 5),
   * so two different kernels ran (10136-10360 and 11672 bytes of code). With C's offsets computed after
   * the loop it takes one or two attempts (8984 or 9464 bytes); the speed is the same (W4's CPU time per
   * batch, three interleaved pairs of 3 forks: 7.20, 6.87, 6.73 ms before, 7.02, 6.88, 6.87 after).
   */
  private static void microKernel(int from, int to, float[] a, int a0, int lda, float[] b, int bp,
      float[] init, int i0, int initStride, float[] c, int c0, int ldc) {
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int a6 = a5 + lda;
    int a7 = a6 + lda;
    int i1 = i0 + initStride;
    int i2 = i1 + initStride;
    int i3 = i2 + initStride;
    int i4 = i3 + initStride;
    int i5 = i4 + initStride;
    int i6 = i5 + initStride;
    int i7 = i6 + initStride;
    FloatVector t00 = FloatVector.fromArray(SPECIES, init, i0);
    FloatVector t01 = FloatVector.fromArray(SPECIES, init, i0 + LANES);
    FloatVector t10 = FloatVector.fromArray(SPECIES, init, i1);
    FloatVector t11 = FloatVector.fromArray(SPECIES, init, i1 + LANES);
    FloatVector t20 = FloatVector.fromArray(SPECIES, init, i2);
    FloatVector t21 = FloatVector.fromArray(SPECIES, init, i2 + LANES);
    FloatVector t30 = FloatVector.fromArray(SPECIES, init, i3);
    FloatVector t31 = FloatVector.fromArray(SPECIES, init, i3 + LANES);
    FloatVector t40 = FloatVector.fromArray(SPECIES, init, i4);
    FloatVector t41 = FloatVector.fromArray(SPECIES, init, i4 + LANES);
    FloatVector t50 = FloatVector.fromArray(SPECIES, init, i5);
    FloatVector t51 = FloatVector.fromArray(SPECIES, init, i5 + LANES);
    FloatVector t60 = FloatVector.fromArray(SPECIES, init, i6);
    FloatVector t61 = FloatVector.fromArray(SPECIES, init, i6 + LANES);
    FloatVector t70 = FloatVector.fromArray(SPECIES, init, i7);
    FloatVector t71 = FloatVector.fromArray(SPECIES, init, i7 + LANES);
    for (int p = from; p < to; p++) {
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
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
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
  private static void oneRow(int from, int to, float[] a, int a0, float[] b, int bp, float[] bias,
      int biasCol, float[] c, int c0) {
    FloatVector acc0 = bias != null
        ? FloatVector.fromArray(SPECIES, bias, biasCol) : FloatVector.fromArray(SPECIES, c, c0);
    FloatVector acc1 = bias != null
        ? FloatVector.fromArray(SPECIES, bias, biasCol + LANES) : FloatVector.fromArray(SPECIES, c, c0 + LANES);
    for (int p = from; p < to; p++) {
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
      acc0 = x.fma(FloatVector.fromArray(SPECIES, b, bp + p * NR), acc0);
      acc1 = x.fma(FloatVector.fromArray(SPECIES, b, bp + p * NR + LANES), acc1);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + LANES);
  }

  /**
   * The last, narrower panel ({@code w < NR} columns, starting at {@code bp}): scalar FMAs in the same
   * order, over A1's part {@code [pc, end1)} and then A2's {@code [start2, pEnd)} of the k block.
   */
  private static void leftoverColumns(int m, int pc, int end1, int start2, int pEnd, int w, float[] a1,
      int a1Offset, int lda1, float[] a2, int a2Start, int lda2, float[] b, int bp, float[] bias,
      int biasCol, float[] c, int cCol, int ldc) {
    for (int i = 0; i < m; i++) {
      int r1 = a1Offset + i * lda1;
      int r2 = a2Start + i * lda2;
      int ci = cCol + i * ldc;
      for (int jj = 0; jj < w; jj++) {
        float acc = bias != null ? bias[biasCol + jj] : c[ci + jj];
        for (int p = pc; p < end1; p++) {
          acc = Math.fma(a1[r1 + p], b[bp + p * w + jj], acc);
        }
        for (int p = start2; p < pEnd; p++) {
          acc = Math.fma(a2[r2 + p], b[bp + p * w + jj], acc);
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
