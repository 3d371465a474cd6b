package dev.unroll.math;

import java.util.Arrays;
import java.util.Set;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast {@code C = bias + [A1 | A2]·B} on matrices in the {@link RowTiles} layout, in tiles of
 * {@link #TR} rows (two vectors): a register tile of {@link #TR} rows × {@link #WIDE} (or
 * {@link #NARROW}) columns, each accumulator one column of 16 consecutive rows, fed by two vector loads
 * of A's tile column and a broadcast of B per column per p; B is packed once into panels of those
 * widths ({@link Panels}), row after row, so the broadcasts of a p sit side by side.
 *
 * <p>Why this orientation: with the rows of a tile along the vector, A's tile column p is one
 * contiguous 2-vector load and B's values of a p (6, 8 or 12) one run, each found from a single index. The
 * row-major kernel it replaced broadcast A from eight rows, eight offsets C2 could not keep in
 * registers beside the loop's own (six reloaded from the stack every p, about 60 instructions per 16
 * FMAs); this loop's body is 2 loads, 8 broadcasts and 16 FMAs, about 30 with the loop's own (counted
 * from the source). One step's pre-activation alone (thread CPU time, same bits): 1.23x
 * faster at W1's and W3's shapes, 1.26x at W4's, 1.06x at W5's.
 *
 * <p>Determinism: every element of C is one chain {@code c = fma(a[p], b[p], c)}: the bias, then p = 0,
 * 1, ..., k−1 over A1's columns and then A2's, whichever kernel (full panel or leftover column) computes
 * it. So a row's result is bit for bit the same in a batch of 1 or of 1000, in this layout or row-major,
 * and the same as {@link ScalarGemm}'s.
 *
 * <p>The row-major {@link #multiplyAdd} and {@link #affine} copy their operands into tiles and back.
 *
 * <p>Loading this class needs the {@code jdk.incubator.vector} module ({@code --add-modules
 * jdk.incubator.vector}); use {@link Gemms#preferred()}, which checks for it first.
 */
public final class TiledGemm implements Gemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Rows of a tile: two vectors (32 with AVX-512), so each broadcast of B feeds two FMAs. */
  static final int TR = 2 * LANES;

  /**
   * Whether the vectors are x86's AVX or AVX2 ones, 256 bits wide, of which there are only 16 registers
   * (AVX-512 and ARM's NEON and SVE have 32).
   */
  private static final boolean SIXTEEN_REGISTERS =
      LANES < 16 && Set.of("amd64", "x86_64", "x86").contains(System.getProperty("os.arch"));

  /**
   * Columns of the narrow B panels and register tile: 8 columns × 2 vectors = 16 accumulators, 16
   * independent FMA chains, enough to hide the FMA latency on two FMA pipes. With AVX2's 16 registers
   * 6 columns (12 accumulators, the two A vectors and a broadcast: 15): with 8, the 19 vectors did not
   * fit, and the whole unroll took 1.6-1.8x the time it takes with 6 (JMH, 3 forks, OpenJDK 17 with
   * {@code -XX:UseAVX=2} on the Intel Xeon: W1 52.5 against 30.7 ms a batch, W2 39.1 against 23.2, W3
   * 13.3 against 7.5, W4 25.3 against 15.9, W5 354 against 210), and in some JVMs got slower still as
   * they ran (W1 51 then 120 ms, W5 363 then 751, in one JVM's later rounds).
   */
  static final int NARROW = SIXTEEN_REGISTERS ? 6 : 8;

  /**
   * Columns of the wide B panels: with AVX-512's 32 registers, 12 columns × 2 vectors = 24 accumulators
   * beside the two A vectors and a broadcast: 2 loads and 12 broadcasts for 24 FMAs against 2 and 8 for
   * 16, so fewer of the loop's instructions compete with the FMAs for their ports. The whole unroll,
   * paired in one JVM against the 8-wide panels alone (thread CPU time, both load orders, OpenJDK 17):
   * W1 0.966 and 0.976 of the time, W2 0.953-0.997, W3 0.942-0.945, W4 0.967-0.989, W5 0.942-0.973;
   * Temurin 25: W1 0.95-0.97, W4 0.98-0.99, W5 0.975-0.99. With fewer lanes, the narrow width alone.
   */
  static final int WIDE = LANES >= 16 ? 12 : NARROW;

  /**
   * Bytes of B's panels that every tile runs through before the next block's: half of a small L2 (512
   * KB), so the block read for the first tile is still in L2 for the others while a tile's A (24 KB at
   * k = 192) stays in L1 across the block's panels.
   */
  static final int BLOCK_BYTES = 256 * 1024;

  /**
   * Most of A's columns one pass over the panels takes: a tile's part of A is then 32 KB, which stays
   * in L1 (48 KB on the Intel Xeon) while a block's panels stream past it. Longer rows (k = 768 at W5)
   * go in equal chunks of at most this many, C's tile stored after one and reloaded for the next.
   */
  static final int CHUNK = 32 * 1024 / (TR * Float.BYTES);

  static {
    VectorActivations.fillOperatorCaches(); // before the first matmul can make anything hot
  }

  @Override
  public PackedMatrix pack(float[] b, int rows, int cols) {
    GemmChecks.checkPack(b, rows, cols);
    return Panels.pack(b, rows, cols, WIDE, NARROW);
  }

  @Override
  public int tileRows() {
    return TR;
  }

  @Override
  public void affineTiles(int m, float[] a1, int a1Offset, int k1, float[] a2, int a2Offset,
      PackedMatrix packed, float[] bias, float[] c, int cOffset) {
    Panels b = Panels.of(packed, WIDE, NARROW, this);
    GemmChecks.checkAffineTiles(m, a1, a1Offset, k1, a2, a2Offset, b.rows(), b.cols(), bias, c, cOffset, TR);
    run(RowTiles.paddedRows(m, TR) / TR, a1, a1Offset, k1, a2, a2Offset, b, bias, c, cOffset);
  }

  /**
   * Whole blocks of a vector's lanes in rows and columns (16 × 16 with AVX-512, 8 × 8 with AVX2)
   * transposed in registers ({@link TileTranspose}), the rest element by element.
   */
  @Override
  public void toTiles(float[] src, int srcOffset, int srcStride, int m, int cols, float[] dst,
      int dstOffset) {
    int done = 0;
    if (LANES == 16 || LANES == 8) {
      done = m - m % LANES;
      int fullCols = cols - cols % LANES;
      for (int r0 = 0; r0 < done; r0 += LANES) {
        int d = dstOffset + (r0 / TR) * cols * TR + r0 % TR;
        int s = srcOffset + r0 * srcStride;
        for (int j0 = 0; j0 < fullCols; j0 += LANES) {
          if (LANES == 16) {
            TileTranspose.block16(src, s + j0, srcStride, dst, d + j0 * TR, TR);
          } else {
            TileTranspose.block8(src, s + j0, srcStride, dst, d + j0 * TR, TR);
          }
        }
        for (int lane = 0; lane < LANES; lane++) {
          for (int j = fullCols; j < cols; j++) {
            dst[d + j * TR + lane] = src[s + lane * srcStride + j];
          }
        }
      }
    }
    RowTiles.toTiles(src, srcOffset, srcStride, done, m, cols, dst, dstOffset, TR);
  }

  @Override
  public void multiplyAdd(
      int m, float[] a, int aOffset, int lda, PackedMatrix packed, float[] c, int cOffset, int ldc) {
    Panels b = Panels.of(packed, WIDE, NARROW, this);
    GemmChecks.checkMultiply(m, a, aOffset, lda, b.rows(), b.cols(), c, cOffset, ldc);
    int rows = RowTiles.paddedRows(m, TR);
    float[] ta = new float[rows * b.rows()];
    toTiles(a, aOffset, lda, m, b.rows(), ta, 0);
    float[] tc = new float[rows * b.cols()];
    toTiles(c, cOffset, ldc, m, b.cols(), tc, 0);
    run(rows / TR, ta, 0, b.rows(), ta, 0, b, null, tc, 0);
    RowTiles.fromTiles(tc, 0, b.cols(), TR, 0, m, c, cOffset, ldc);
  }

  @Override
  public void affine(int m, float[] a1, int a1Offset, int lda1, int k1, float[] a2, int a2Offset,
      int lda2, PackedMatrix packed, float[] bias, float[] c, int cOffset, int ldc) {
    Panels b = Panels.of(packed, WIDE, NARROW, this);
    GemmChecks.checkAffine(
        m, a1, a1Offset, lda1, k1, a2, a2Offset, lda2, b.rows(), b.cols(), bias, c, cOffset, ldc);
    int rows = RowTiles.paddedRows(m, TR);
    int k2 = b.rows() - k1;
    float[] t1 = new float[rows * k1];
    toTiles(a1, a1Offset, lda1, m, k1, t1, 0);
    float[] t2 = new float[rows * k2];
    toTiles(a2, a2Offset, lda2, m, k2, t2, 0);
    float[] tc = new float[rows * b.cols()];
    run(rows / TR, t1, 0, k1, t2, 0, b, bias, tc, 0);
    RowTiles.fromTiles(tc, 0, b.cols(), TR, 0, m, c, cOffset, ldc);
  }

  /**
   * {@code C = bias + [A1 | A2]·B} over {@code tiles} tiles, arguments already checked; with no bias,
   * the chains start from C. B's panels go in blocks of {@link #BLOCK_BYTES}; each tile runs through a
   * block's panels before the next tile does, so a tile's A is read from L1 once per panel and the block
   * from L2, instead of every tile's A from L2 for each panel. On the Intel Xeon (JMH, 2 rounds of 2 forks
   * against panel-outer order): W2 0.972, W3 0.963, W4 0.952 of the time, W1 0.991, W5 1.006. A longer k
   * goes in {@link #CHUNK}s, each through all the blocks: W5's tiles of A (k = 768, 96 KB) never stayed in
   * L1, in three chunks of 256 they do (JMH, 2 forks x 2 rounds, both orders: W5 0.948 and 0.966 of the
   * time; the matmul alone at W5's step shape 1.04-1.06x the GFLOP/s in one JVM).
   */
  private static void run(int tiles, float[] a1, int a1Offset, int k1, float[] a2, int a2Offset,
      Panels b, float[] bias, float[] c, int cOffset) {
    int k = b.rows();
    int k2 = k - k1;
    int n = b.cols();
    float[] bv = b.values();
    int wideEnd = b.wideEnd();
    int narrowEnd = b.narrowEnd();
    if (k == 0) { // no term: C is the bias
      if (bias != null) {
        for (int t = 0; t < tiles; t++) {
          for (int j = 0; j < n; j++) {
            int column = cOffset + t * n * TR + j * TR;
            Arrays.fill(c, column, column + TR, bias[j]);
          }
        }
      }
      return;
    }
    int chunks = (k + CHUNK - 1) / CHUNK;
    int chunk = (k + chunks - 1) / chunks;
    for (int p0 = 0; p0 < k; p0 += chunk) {
      int p1 = Math.min(k, p0 + chunk);
      int from1 = Math.min(p0, k1);
      int from2 = Math.max(p0, k1) - k1;
      int to1 = Math.min(p1, k1);
      int to2 = Math.max(p1, k1) - k1;
      float[] start = p0 == 0 ? bias : null; // a later chunk goes on from C
      int blockColumns = Math.max(1, BLOCK_BYTES / ((p1 - p0) * WIDE * Float.BYTES)) * WIDE;
      for (int jb = 0; jb < narrowEnd; ) {
        int blockEnd = jb + blockColumns >= wideEnd ? narrowEnd : jb + blockColumns; // the narrow ones last
        for (int t = 0; t < tiles; t++) {
          int a1Tile = a1Offset + (t * k1 + from1) * TR;
          int a2Tile = a2Offset + (t * k2 + from2) * TR;
          int cTile = cOffset + t * n * TR;
          for (int j0 = jb; j0 < blockEnd; ) {
            int w = j0 < wideEnd ? WIDE : NARROW;
            if (w == 6) { // AVX2: every panel
              microKernel6(bv, j0 * k + p0 * w, to1 - from1, a1, a1Tile, to2 - from2, a2, a2Tile, start, j0, c,
                  cTile + j0 * TR);
            } else if (w == 8) {
              microKernel(bv, j0 * k + p0 * w, to1 - from1, a1, a1Tile, to2 - from2, a2, a2Tile, start, j0, c,
                  cTile + j0 * TR);
            } else {
              microKernel12(bv, j0 * k + p0 * w, to1 - from1, a1, a1Tile, to2 - from2, a2, a2Tile, start, j0, c,
                  cTile + j0 * TR);
            }
            j0 += w;
          }
        }
        jb = blockEnd;
      }
    }
    for (int j = narrowEnd; j < n; j++) { // the last, narrower panel, a column at a time
      int w = n - narrowEnd;
      int bp = narrowEnd * k + (j - narrowEnd);
      for (int t = 0; t < tiles; t++) {
        oneColumn(k1, a1, a1Offset + t * k1 * TR, k2, a2, a2Offset + t * k2 * TR, bv, bp, w, bias, j, c,
            cOffset + t * n * TR + j * TR);
      }
    }
  }

  /**
   * Micro-kernel: a tile's {@link #TR} rows × the 8 columns of the panel at {@code b0},
   * over A1's {@code k1} columns (tile column p at {@code a10 + p·TR}) and then A2's {@code k2}, B's eight
   * values of row p at {@code b0 + p·8} (A2's rows follow A1's). The accumulators start from the bias
   * (each column its value in every row) or from C at {@code c0}, and stay in registers across both
   * parts: against a store and reload of the tile between them, the whole unroll took 0.95-0.975 of the
   * time at W4 (k = 32 + 64), 0.97-0.98 at W1 and the same at W2, W3 and W5 (paired in one JVM).
   *
   * <p>The parameters are in the order the loops use them: the JVM passes the first six in registers and
   * the rest on the stack, so B and A1's part come in registers. With B and b0 seventh and eighth, C2 read
   * them from the stack in every pass of A1's loop when W5's later chunks made the load of C live (3
   * stack reads a pass in each of 3 JVMs; none in 3 since); whole unroll W5 0.95-0.99 and W3 0.96-0.97
   * of the time (paired in one JVM, 3 JVMs, OpenJDK 17), the rest level.
   */
  private static void microKernel(float[] b, int b0, int k1, float[] a1, int a10, int k2, float[] a2, int a20,
      float[] bias, int biasCol, float[] c, int c0) {
    FloatVector s00;
    FloatVector s01;
    FloatVector s10;
    FloatVector s11;
    FloatVector s20;
    FloatVector s21;
    FloatVector s30;
    FloatVector s31;
    FloatVector s40;
    FloatVector s41;
    FloatVector s50;
    FloatVector s51;
    FloatVector s60;
    FloatVector s61;
    FloatVector s70;
    FloatVector s71;
    if (bias != null) {
      s00 = FloatVector.broadcast(SPECIES, bias[biasCol]);
      s01 = s00;
      s10 = FloatVector.broadcast(SPECIES, bias[biasCol + 1]);
      s11 = s10;
      s20 = FloatVector.broadcast(SPECIES, bias[biasCol + 2]);
      s21 = s20;
      s30 = FloatVector.broadcast(SPECIES, bias[biasCol + 3]);
      s31 = s30;
      s40 = FloatVector.broadcast(SPECIES, bias[biasCol + 4]);
      s41 = s40;
      s50 = FloatVector.broadcast(SPECIES, bias[biasCol + 5]);
      s51 = s50;
      s60 = FloatVector.broadcast(SPECIES, bias[biasCol + 6]);
      s61 = s60;
      s70 = FloatVector.broadcast(SPECIES, bias[biasCol + 7]);
      s71 = s70;
    } else {
      s00 = FloatVector.fromArray(SPECIES, c, c0);
      s01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
      s10 = FloatVector.fromArray(SPECIES, c, c0 + TR);
      s11 = FloatVector.fromArray(SPECIES, c, c0 + TR + LANES);
      s20 = FloatVector.fromArray(SPECIES, c, c0 + 2 * TR);
      s21 = FloatVector.fromArray(SPECIES, c, c0 + 2 * TR + LANES);
      s30 = FloatVector.fromArray(SPECIES, c, c0 + 3 * TR);
      s31 = FloatVector.fromArray(SPECIES, c, c0 + 3 * TR + LANES);
      s40 = FloatVector.fromArray(SPECIES, c, c0 + 4 * TR);
      s41 = FloatVector.fromArray(SPECIES, c, c0 + 4 * TR + LANES);
      s50 = FloatVector.fromArray(SPECIES, c, c0 + 5 * TR);
      s51 = FloatVector.fromArray(SPECIES, c, c0 + 5 * TR + LANES);
      s60 = FloatVector.fromArray(SPECIES, c, c0 + 6 * TR);
      s61 = FloatVector.fromArray(SPECIES, c, c0 + 6 * TR + LANES);
      s70 = FloatVector.fromArray(SPECIES, c, c0 + 7 * TR);
      s71 = FloatVector.fromArray(SPECIES, c, c0 + 7 * TR + LANES);
    }
    for (int p = 0; p < k1; p++) {
      // indices linear in p (p * 8 is a shift; not a second induction variable) let C2 hoist the range checks
      FloatVector x0 = FloatVector.fromArray(SPECIES, a1, a10 + p * TR);
      FloatVector x1 = FloatVector.fromArray(SPECIES, a1, a10 + p * TR + LANES);
      FloatVector y = FloatVector.broadcast(SPECIES, b[b0 + p * 8]);
      s00 = x0.fma(y, s00);
      s01 = x1.fma(y, s01);
      y = FloatVector.broadcast(SPECIES, b[b0 + p * 8 + 1]);
      s10 = x0.fma(y, s10);
      s11 = x1.fma(y, s11);
      y = FloatVector.broadcast(SPECIES, b[b0 + p * 8 + 2]);
      s20 = x0.fma(y, s20);
      s21 = x1.fma(y, s21);
      y = FloatVector.broadcast(SPECIES, b[b0 + p * 8 + 3]);
      s30 = x0.fma(y, s30);
      s31 = x1.fma(y, s31);
      y = FloatVector.broadcast(SPECIES, b[b0 + p * 8 + 4]);
      s40 = x0.fma(y, s40);
      s41 = x1.fma(y, s41);
      y = FloatVector.broadcast(SPECIES, b[b0 + p * 8 + 5]);
      s50 = x0.fma(y, s50);
      s51 = x1.fma(y, s51);
      y = FloatVector.broadcast(SPECIES, b[b0 + p * 8 + 6]);
      s60 = x0.fma(y, s60);
      s61 = x1.fma(y, s61);
      y = FloatVector.broadcast(SPECIES, b[b0 + p * 8 + 7]);
      s70 = x0.fma(y, s70);
      s71 = x1.fma(y, s71);
    }
    // A2's part in a loop of its own: one loop over both parts made C2 box the vectors (20-30x slower)
    int b2 = b0 + k1 * 8; // A2's rows of B follow A1's
    for (int p = 0; p < k2; p++) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, a2, a20 + p * TR);
      FloatVector x1 = FloatVector.fromArray(SPECIES, a2, a20 + p * TR + LANES);
      FloatVector y = FloatVector.broadcast(SPECIES, b[b2 + p * 8]);
      s00 = x0.fma(y, s00);
      s01 = x1.fma(y, s01);
      y = FloatVector.broadcast(SPECIES, b[b2 + p * 8 + 1]);
      s10 = x0.fma(y, s10);
      s11 = x1.fma(y, s11);
      y = FloatVector.broadcast(SPECIES, b[b2 + p * 8 + 2]);
      s20 = x0.fma(y, s20);
      s21 = x1.fma(y, s21);
      y = FloatVector.broadcast(SPECIES, b[b2 + p * 8 + 3]);
      s30 = x0.fma(y, s30);
      s31 = x1.fma(y, s31);
      y = FloatVector.broadcast(SPECIES, b[b2 + p * 8 + 4]);
      s40 = x0.fma(y, s40);
      s41 = x1.fma(y, s41);
      y = FloatVector.broadcast(SPECIES, b[b2 + p * 8 + 5]);
      s50 = x0.fma(y, s50);
      s51 = x1.fma(y, s51);
      y = FloatVector.broadcast(SPECIES, b[b2 + p * 8 + 6]);
      s60 = x0.fma(y, s60);
      s61 = x1.fma(y, s61);
      y = FloatVector.broadcast(SPECIES, b[b2 + p * 8 + 7]);
      s70 = x0.fma(y, s70);
      s71 = x1.fma(y, s71);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + LANES);
    s10.intoArray(c, c0 + TR);
    s11.intoArray(c, c0 + TR + LANES);
    s20.intoArray(c, c0 + 2 * TR);
    s21.intoArray(c, c0 + 2 * TR + LANES);
    s30.intoArray(c, c0 + 3 * TR);
    s31.intoArray(c, c0 + 3 * TR + LANES);
    s40.intoArray(c, c0 + 4 * TR);
    s41.intoArray(c, c0 + 4 * TR + LANES);
    s50.intoArray(c, c0 + 5 * TR);
    s51.intoArray(c, c0 + 5 * TR + LANES);
    s60.intoArray(c, c0 + 6 * TR);
    s61.intoArray(c, c0 + 6 * TR + LANES);
    s70.intoArray(c, c0 + 7 * TR);
    s71.intoArray(c, c0 + 7 * TR + LANES);
  }

  /**
   * The same as {@link #microKernel} over a panel of 6 columns (12 accumulators), for AVX2's 16
   * registers; B's index counted by 6 as in {@link #microKernel12}, for the same reason ({@code p * 6}
   * is two shifts and an add).
   */
  private static void microKernel6(float[] b, int b0, int k1, float[] a1, int a10, int k2, float[] a2, int a20,
      float[] bias, int biasCol, float[] c, int c0) {
    FloatVector s0a;
    FloatVector s0b;
    FloatVector s1a;
    FloatVector s1b;
    FloatVector s2a;
    FloatVector s2b;
    FloatVector s3a;
    FloatVector s3b;
    FloatVector s4a;
    FloatVector s4b;
    FloatVector s5a;
    FloatVector s5b;
    if (bias != null) {
      s0a = FloatVector.broadcast(SPECIES, bias[biasCol]);
      s0b = s0a;
      s1a = FloatVector.broadcast(SPECIES, bias[biasCol + 1]);
      s1b = s1a;
      s2a = FloatVector.broadcast(SPECIES, bias[biasCol + 2]);
      s2b = s2a;
      s3a = FloatVector.broadcast(SPECIES, bias[biasCol + 3]);
      s3b = s3a;
      s4a = FloatVector.broadcast(SPECIES, bias[biasCol + 4]);
      s4b = s4a;
      s5a = FloatVector.broadcast(SPECIES, bias[biasCol + 5]);
      s5b = s5a;
    } else {
      s0a = FloatVector.fromArray(SPECIES, c, c0);
      s0b = FloatVector.fromArray(SPECIES, c, c0 + LANES);
      s1a = FloatVector.fromArray(SPECIES, c, c0 + TR);
      s1b = FloatVector.fromArray(SPECIES, c, c0 + TR + LANES);
      s2a = FloatVector.fromArray(SPECIES, c, c0 + 2 * TR);
      s2b = FloatVector.fromArray(SPECIES, c, c0 + 2 * TR + LANES);
      s3a = FloatVector.fromArray(SPECIES, c, c0 + 3 * TR);
      s3b = FloatVector.fromArray(SPECIES, c, c0 + 3 * TR + LANES);
      s4a = FloatVector.fromArray(SPECIES, c, c0 + 4 * TR);
      s4b = FloatVector.fromArray(SPECIES, c, c0 + 4 * TR + LANES);
      s5a = FloatVector.fromArray(SPECIES, c, c0 + 5 * TR);
      s5b = FloatVector.fromArray(SPECIES, c, c0 + 5 * TR + LANES);
    }
    int ai = a10;
    int b2 = b0 + k1 * 6; // A2's rows of B follow A1's
    for (int q = b0; q < b2; q += 6) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, a1, ai);
      FloatVector x1 = FloatVector.fromArray(SPECIES, a1, ai + LANES);
      ai += TR;
      FloatVector y = FloatVector.broadcast(SPECIES, b[q]);
      s0a = x0.fma(y, s0a);
      s0b = x1.fma(y, s0b);
      y = FloatVector.broadcast(SPECIES, b[q + 1]);
      s1a = x0.fma(y, s1a);
      s1b = x1.fma(y, s1b);
      y = FloatVector.broadcast(SPECIES, b[q + 2]);
      s2a = x0.fma(y, s2a);
      s2b = x1.fma(y, s2b);
      y = FloatVector.broadcast(SPECIES, b[q + 3]);
      s3a = x0.fma(y, s3a);
      s3b = x1.fma(y, s3b);
      y = FloatVector.broadcast(SPECIES, b[q + 4]);
      s4a = x0.fma(y, s4a);
      s4b = x1.fma(y, s4b);
      y = FloatVector.broadcast(SPECIES, b[q + 5]);
      s5a = x0.fma(y, s5a);
      s5b = x1.fma(y, s5b);
    }
    ai = a20; // A2's part in a loop of its own, as in microKernel
    for (int q = b2, bEnd = b2 + k2 * 6; q < bEnd; q += 6) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, a2, ai);
      FloatVector x1 = FloatVector.fromArray(SPECIES, a2, ai + LANES);
      ai += TR;
      FloatVector y = FloatVector.broadcast(SPECIES, b[q]);
      s0a = x0.fma(y, s0a);
      s0b = x1.fma(y, s0b);
      y = FloatVector.broadcast(SPECIES, b[q + 1]);
      s1a = x0.fma(y, s1a);
      s1b = x1.fma(y, s1b);
      y = FloatVector.broadcast(SPECIES, b[q + 2]);
      s2a = x0.fma(y, s2a);
      s2b = x1.fma(y, s2b);
      y = FloatVector.broadcast(SPECIES, b[q + 3]);
      s3a = x0.fma(y, s3a);
      s3b = x1.fma(y, s3b);
      y = FloatVector.broadcast(SPECIES, b[q + 4]);
      s4a = x0.fma(y, s4a);
      s4b = x1.fma(y, s4b);
      y = FloatVector.broadcast(SPECIES, b[q + 5]);
      s5a = x0.fma(y, s5a);
      s5b = x1.fma(y, s5b);
    }
    s0a.intoArray(c, c0);
    s0b.intoArray(c, c0 + LANES);
    s1a.intoArray(c, c0 + TR);
    s1b.intoArray(c, c0 + TR + LANES);
    s2a.intoArray(c, c0 + 2 * TR);
    s2b.intoArray(c, c0 + 2 * TR + LANES);
    s3a.intoArray(c, c0 + 3 * TR);
    s3b.intoArray(c, c0 + 3 * TR + LANES);
    s4a.intoArray(c, c0 + 4 * TR);
    s4b.intoArray(c, c0 + 4 * TR + LANES);
    s5a.intoArray(c, c0 + 5 * TR);
    s5b.intoArray(c, c0 + 5 * TR + LANES);
  }

  /**
   * The same as {@link #microKernel} over a wide panel of 12 columns (24 accumulators): the same chain
   * for every element, so the same bits whichever panel a column falls in.
   *
   * <p>The loops count B's index {@code q} up by 12, A's index beside it, rather than p: Java 17's C2
   * turns {@code p * 12} into two shifts and an add, a form its range-check elimination does not
   * recognise, so B's two checks and the index arithmetic stayed in the loop (60 instructions a pass
   * for 24 FMAs). Counting q, B's checks leave the loop and A's two stay: 49-51 instructions on 17, and
   * the whole unroll 0.97 of the time on W1-W5 (paired in one JVM); level on Java 25, which hoisted
   * B's checks either way.
   */
  private static void microKernel12(float[] b, int b0, int k1, float[] a1, int a10, int k2, float[] a2, int a20,
      float[] bias, int biasCol, float[] c, int c0) {
    FloatVector s0a;
    FloatVector s0b;
    FloatVector s1a;
    FloatVector s1b;
    FloatVector s2a;
    FloatVector s2b;
    FloatVector s3a;
    FloatVector s3b;
    FloatVector s4a;
    FloatVector s4b;
    FloatVector s5a;
    FloatVector s5b;
    FloatVector s6a;
    FloatVector s6b;
    FloatVector s7a;
    FloatVector s7b;
    FloatVector s8a;
    FloatVector s8b;
    FloatVector s9a;
    FloatVector s9b;
    FloatVector s10a;
    FloatVector s10b;
    FloatVector s11a;
    FloatVector s11b;
    if (bias != null) {
      s0a = FloatVector.broadcast(SPECIES, bias[biasCol]);
      s0b = s0a;
      s1a = FloatVector.broadcast(SPECIES, bias[biasCol + 1]);
      s1b = s1a;
      s2a = FloatVector.broadcast(SPECIES, bias[biasCol + 2]);
      s2b = s2a;
      s3a = FloatVector.broadcast(SPECIES, bias[biasCol + 3]);
      s3b = s3a;
      s4a = FloatVector.broadcast(SPECIES, bias[biasCol + 4]);
      s4b = s4a;
      s5a = FloatVector.broadcast(SPECIES, bias[biasCol + 5]);
      s5b = s5a;
      s6a = FloatVector.broadcast(SPECIES, bias[biasCol + 6]);
      s6b = s6a;
      s7a = FloatVector.broadcast(SPECIES, bias[biasCol + 7]);
      s7b = s7a;
      s8a = FloatVector.broadcast(SPECIES, bias[biasCol + 8]);
      s8b = s8a;
      s9a = FloatVector.broadcast(SPECIES, bias[biasCol + 9]);
      s9b = s9a;
      s10a = FloatVector.broadcast(SPECIES, bias[biasCol + 10]);
      s10b = s10a;
      s11a = FloatVector.broadcast(SPECIES, bias[biasCol + 11]);
      s11b = s11a;
    } else {
      s0a = FloatVector.fromArray(SPECIES, c, c0);
      s0b = FloatVector.fromArray(SPECIES, c, c0 + LANES);
      s1a = FloatVector.fromArray(SPECIES, c, c0 + TR);
      s1b = FloatVector.fromArray(SPECIES, c, c0 + TR + LANES);
      s2a = FloatVector.fromArray(SPECIES, c, c0 + 2 * TR);
      s2b = FloatVector.fromArray(SPECIES, c, c0 + 2 * TR + LANES);
      s3a = FloatVector.fromArray(SPECIES, c, c0 + 3 * TR);
      s3b = FloatVector.fromArray(SPECIES, c, c0 + 3 * TR + LANES);
      s4a = FloatVector.fromArray(SPECIES, c, c0 + 4 * TR);
      s4b = FloatVector.fromArray(SPECIES, c, c0 + 4 * TR + LANES);
      s5a = FloatVector.fromArray(SPECIES, c, c0 + 5 * TR);
      s5b = FloatVector.fromArray(SPECIES, c, c0 + 5 * TR + LANES);
      s6a = FloatVector.fromArray(SPECIES, c, c0 + 6 * TR);
      s6b = FloatVector.fromArray(SPECIES, c, c0 + 6 * TR + LANES);
      s7a = FloatVector.fromArray(SPECIES, c, c0 + 7 * TR);
      s7b = FloatVector.fromArray(SPECIES, c, c0 + 7 * TR + LANES);
      s8a = FloatVector.fromArray(SPECIES, c, c0 + 8 * TR);
      s8b = FloatVector.fromArray(SPECIES, c, c0 + 8 * TR + LANES);
      s9a = FloatVector.fromArray(SPECIES, c, c0 + 9 * TR);
      s9b = FloatVector.fromArray(SPECIES, c, c0 + 9 * TR + LANES);
      s10a = FloatVector.fromArray(SPECIES, c, c0 + 10 * TR);
      s10b = FloatVector.fromArray(SPECIES, c, c0 + 10 * TR + LANES);
      s11a = FloatVector.fromArray(SPECIES, c, c0 + 11 * TR);
      s11b = FloatVector.fromArray(SPECIES, c, c0 + 11 * TR + LANES);
    }
    int ai = a10;
    int b2 = b0 + k1 * 12; // A2's rows of B follow A1's
    for (int q = b0; q < b2; q += 12) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, a1, ai);
      FloatVector x1 = FloatVector.fromArray(SPECIES, a1, ai + LANES);
      ai += TR;
      FloatVector y = FloatVector.broadcast(SPECIES, b[q]);
      s0a = x0.fma(y, s0a);
      s0b = x1.fma(y, s0b);
      y = FloatVector.broadcast(SPECIES, b[q + 1]);
      s1a = x0.fma(y, s1a);
      s1b = x1.fma(y, s1b);
      y = FloatVector.broadcast(SPECIES, b[q + 2]);
      s2a = x0.fma(y, s2a);
      s2b = x1.fma(y, s2b);
      y = FloatVector.broadcast(SPECIES, b[q + 3]);
      s3a = x0.fma(y, s3a);
      s3b = x1.fma(y, s3b);
      y = FloatVector.broadcast(SPECIES, b[q + 4]);
      s4a = x0.fma(y, s4a);
      s4b = x1.fma(y, s4b);
      y = FloatVector.broadcast(SPECIES, b[q + 5]);
      s5a = x0.fma(y, s5a);
      s5b = x1.fma(y, s5b);
      y = FloatVector.broadcast(SPECIES, b[q + 6]);
      s6a = x0.fma(y, s6a);
      s6b = x1.fma(y, s6b);
      y = FloatVector.broadcast(SPECIES, b[q + 7]);
      s7a = x0.fma(y, s7a);
      s7b = x1.fma(y, s7b);
      y = FloatVector.broadcast(SPECIES, b[q + 8]);
      s8a = x0.fma(y, s8a);
      s8b = x1.fma(y, s8b);
      y = FloatVector.broadcast(SPECIES, b[q + 9]);
      s9a = x0.fma(y, s9a);
      s9b = x1.fma(y, s9b);
      y = FloatVector.broadcast(SPECIES, b[q + 10]);
      s10a = x0.fma(y, s10a);
      s10b = x1.fma(y, s10b);
      y = FloatVector.broadcast(SPECIES, b[q + 11]);
      s11a = x0.fma(y, s11a);
      s11b = x1.fma(y, s11b);
    }
    ai = a20; // A2's part in a loop of its own, as in microKernel: one loop over both got the vectors boxed
    for (int q = b2, bEnd = b2 + k2 * 12; q < bEnd; q += 12) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, a2, ai);
      FloatVector x1 = FloatVector.fromArray(SPECIES, a2, ai + LANES);
      ai += TR;
      FloatVector y = FloatVector.broadcast(SPECIES, b[q]);
      s0a = x0.fma(y, s0a);
      s0b = x1.fma(y, s0b);
      y = FloatVector.broadcast(SPECIES, b[q + 1]);
      s1a = x0.fma(y, s1a);
      s1b = x1.fma(y, s1b);
      y = FloatVector.broadcast(SPECIES, b[q + 2]);
      s2a = x0.fma(y, s2a);
      s2b = x1.fma(y, s2b);
      y = FloatVector.broadcast(SPECIES, b[q + 3]);
      s3a = x0.fma(y, s3a);
      s3b = x1.fma(y, s3b);
      y = FloatVector.broadcast(SPECIES, b[q + 4]);
      s4a = x0.fma(y, s4a);
      s4b = x1.fma(y, s4b);
      y = FloatVector.broadcast(SPECIES, b[q + 5]);
      s5a = x0.fma(y, s5a);
      s5b = x1.fma(y, s5b);
      y = FloatVector.broadcast(SPECIES, b[q + 6]);
      s6a = x0.fma(y, s6a);
      s6b = x1.fma(y, s6b);
      y = FloatVector.broadcast(SPECIES, b[q + 7]);
      s7a = x0.fma(y, s7a);
      s7b = x1.fma(y, s7b);
      y = FloatVector.broadcast(SPECIES, b[q + 8]);
      s8a = x0.fma(y, s8a);
      s8b = x1.fma(y, s8b);
      y = FloatVector.broadcast(SPECIES, b[q + 9]);
      s9a = x0.fma(y, s9a);
      s9b = x1.fma(y, s9b);
      y = FloatVector.broadcast(SPECIES, b[q + 10]);
      s10a = x0.fma(y, s10a);
      s10b = x1.fma(y, s10b);
      y = FloatVector.broadcast(SPECIES, b[q + 11]);
      s11a = x0.fma(y, s11a);
      s11b = x1.fma(y, s11b);
    }
    s0a.intoArray(c, c0);
    s0b.intoArray(c, c0 + LANES);
    s1a.intoArray(c, c0 + TR);
    s1b.intoArray(c, c0 + TR + LANES);
    s2a.intoArray(c, c0 + 2 * TR);
    s2b.intoArray(c, c0 + 2 * TR + LANES);
    s3a.intoArray(c, c0 + 3 * TR);
    s3b.intoArray(c, c0 + 3 * TR + LANES);
    s4a.intoArray(c, c0 + 4 * TR);
    s4b.intoArray(c, c0 + 4 * TR + LANES);
    s5a.intoArray(c, c0 + 5 * TR);
    s5b.intoArray(c, c0 + 5 * TR + LANES);
    s6a.intoArray(c, c0 + 6 * TR);
    s6b.intoArray(c, c0 + 6 * TR + LANES);
    s7a.intoArray(c, c0 + 7 * TR);
    s7b.intoArray(c, c0 + 7 * TR + LANES);
    s8a.intoArray(c, c0 + 8 * TR);
    s8b.intoArray(c, c0 + 8 * TR + LANES);
    s9a.intoArray(c, c0 + 9 * TR);
    s9b.intoArray(c, c0 + 9 * TR + LANES);
    s10a.intoArray(c, c0 + 10 * TR);
    s10b.intoArray(c, c0 + 10 * TR + LANES);
    s11a.intoArray(c, c0 + 11 * TR);
    s11b.intoArray(c, c0 + 11 * TR + LANES);
  }

  /**
   * One column of the narrower last panel ({@code w} columns wide, this column's B value of row p at
   * {@code b0 + p·w}) for a tile's rows, A1's part then A2's: the same chain, two accumulators.
   */
  private static void oneColumn(int k1, float[] a1, int a10, int k2, float[] a2, int a20, float[] b, int b0,
      int w, float[] bias, int col, float[] c, int c0) {
    FloatVector s0 = bias != null ? FloatVector.broadcast(SPECIES, bias[col]) : FloatVector.fromArray(SPECIES, c, c0);
    FloatVector s1 = bias != null ? s0 : FloatVector.fromArray(SPECIES, c, c0 + LANES);
    for (int p = 0; p < k1; p++) {
      FloatVector y = FloatVector.broadcast(SPECIES, b[b0 + p * w]);
      s0 = FloatVector.fromArray(SPECIES, a1, a10 + p * TR).fma(y, s0);
      s1 = FloatVector.fromArray(SPECIES, a1, a10 + p * TR + LANES).fma(y, s1);
    }
    int b2 = b0 + k1 * w;
    for (int p = 0; p < k2; p++) {
      FloatVector y = FloatVector.broadcast(SPECIES, b[b2 + p * w]);
      s0 = FloatVector.fromArray(SPECIES, a2, a20 + p * TR).fma(y, s0);
      s1 = FloatVector.fromArray(SPECIES, a2, a20 + p * TR + LANES).fma(y, s1);
    }
    s0.intoArray(c, c0);
    s1.intoArray(c, c0 + LANES);
  }

  @Override
  public String name() {
    return "tiled-vector-" + SPECIES.vectorBitSize();
  }
}
