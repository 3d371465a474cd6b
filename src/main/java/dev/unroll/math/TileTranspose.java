package dev.unroll.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 × 16 (AVX-512) or 8 × 8 (AVX2) block of floats transposed in registers, for
 * {@link TiledGemm#toTiles}: a row load per row, rounds that swap ever smaller half-blocks between pairs of
 * vectors (a lane shift and a blend each; four rounds for 16 lanes, three for 8), a column store per column.
 *
 * <p>Why not a loop over an array of vectors: C2 then keeps the vectors as objects (10-40 ns an
 * element against 0.35); written out, they stay in registers. A step's input tiled this way took 0.35-0.6
 * ms of W3's and W4's batch instead of 0.9-2.0 ms copied element by element.
 */
final class TileTranspose {
  /** {@link #block16}'s vectors. */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;

  /** Round k's lane shifts by 2^k, up and down, and the lanes with bit k set. */
  private static final VectorShuffle<Float> UP3 = shift(SPECIES, -8);
  private static final VectorShuffle<Float> DOWN3 = shift(SPECIES, 8);
  private static final VectorMask<Float> HI3 = bit(SPECIES, 8);
  private static final VectorShuffle<Float> UP2 = shift(SPECIES, -4);
  private static final VectorShuffle<Float> DOWN2 = shift(SPECIES, 4);
  private static final VectorMask<Float> HI2 = bit(SPECIES, 4);
  private static final VectorShuffle<Float> UP1 = shift(SPECIES, -2);
  private static final VectorShuffle<Float> DOWN1 = shift(SPECIES, 2);
  private static final VectorMask<Float> HI1 = bit(SPECIES, 2);
  private static final VectorShuffle<Float> UP0 = shift(SPECIES, -1);
  private static final VectorShuffle<Float> DOWN0 = shift(SPECIES, 1);
  private static final VectorMask<Float> HI0 = bit(SPECIES, 1);

  /** The same for 8 lanes (AVX2): {@link #block8}. */
  private static final VectorSpecies<Float> SPECIES_8 = FloatVector.SPECIES_256;
  private static final VectorShuffle<Float> UP2_8 = shift(SPECIES_8, -4);
  private static final VectorShuffle<Float> DOWN2_8 = shift(SPECIES_8, 4);
  private static final VectorMask<Float> HI2_8 = bit(SPECIES_8, 4);
  private static final VectorShuffle<Float> UP1_8 = shift(SPECIES_8, -2);
  private static final VectorShuffle<Float> DOWN1_8 = shift(SPECIES_8, 2);
  private static final VectorMask<Float> HI1_8 = bit(SPECIES_8, 2);
  private static final VectorShuffle<Float> UP0_8 = shift(SPECIES_8, -1);
  private static final VectorShuffle<Float> DOWN0_8 = shift(SPECIES_8, 1);
  private static final VectorMask<Float> HI0_8 = bit(SPECIES_8, 1);

  private TileTranspose() {}

  /** Lane i takes lane i + by (wrapping round; the wrapped lanes are blended away). */
  private static VectorShuffle<Float> shift(VectorSpecies<Float> species, int by) {
    int size = species.length();
    int[] lanes = new int[size];
    for (int i = 0; i < size; i++) {
      lanes[i] = (i + by) & (size - 1);
    }
    return VectorShuffle.fromArray(species, lanes, 0);
  }

  private static VectorMask<Float> bit(VectorSpecies<Float> species, int bit) {
    boolean[] set = new boolean[species.length()];
    for (int i = 0; i < set.length; i++) {
      set[i] = (i & bit) != 0;
    }
    return VectorMask.fromArray(species, set, 0);
  }

  /**
   * Rows {@code 0 .. 15} of a 16-column block of {@code src} (row r at {@code s0 + r·stride}) as
   * columns of {@code dst}: column j of the block at {@code d0 + j·dstStride}, 16 contiguous floats.
   */
  static void block16(float[] src, int s0, int stride, float[] dst, int d0, int dstStride) {
    FloatVector r0 = FloatVector.fromArray(SPECIES, src, s0);
    FloatVector r1 = FloatVector.fromArray(SPECIES, src, s0 + 1 * stride);
    FloatVector r2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * stride);
    FloatVector r3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * stride);
    FloatVector r4 = FloatVector.fromArray(SPECIES, src, s0 + 4 * stride);
    FloatVector r5 = FloatVector.fromArray(SPECIES, src, s0 + 5 * stride);
    FloatVector r6 = FloatVector.fromArray(SPECIES, src, s0 + 6 * stride);
    FloatVector r7 = FloatVector.fromArray(SPECIES, src, s0 + 7 * stride);
    FloatVector r8 = FloatVector.fromArray(SPECIES, src, s0 + 8 * stride);
    FloatVector r9 = FloatVector.fromArray(SPECIES, src, s0 + 9 * stride);
    FloatVector r10 = FloatVector.fromArray(SPECIES, src, s0 + 10 * stride);
    FloatVector r11 = FloatVector.fromArray(SPECIES, src, s0 + 11 * stride);
    FloatVector r12 = FloatVector.fromArray(SPECIES, src, s0 + 12 * stride);
    FloatVector r13 = FloatVector.fromArray(SPECIES, src, s0 + 13 * stride);
    FloatVector r14 = FloatVector.fromArray(SPECIES, src, s0 + 14 * stride);
    FloatVector r15 = FloatVector.fromArray(SPECIES, src, s0 + 15 * stride);
    // round 1: blocks of 8
    FloatVector a0 = r0.blend(r8.rearrange(UP3), HI3);
    FloatVector a8 = r0.rearrange(DOWN3).blend(r8, HI3);
    FloatVector a1 = r1.blend(r9.rearrange(UP3), HI3);
    FloatVector a9 = r1.rearrange(DOWN3).blend(r9, HI3);
    FloatVector a2 = r2.blend(r10.rearrange(UP3), HI3);
    FloatVector a10 = r2.rearrange(DOWN3).blend(r10, HI3);
    FloatVector a3 = r3.blend(r11.rearrange(UP3), HI3);
    FloatVector a11 = r3.rearrange(DOWN3).blend(r11, HI3);
    FloatVector a4 = r4.blend(r12.rearrange(UP3), HI3);
    FloatVector a12 = r4.rearrange(DOWN3).blend(r12, HI3);
    FloatVector a5 = r5.blend(r13.rearrange(UP3), HI3);
    FloatVector a13 = r5.rearrange(DOWN3).blend(r13, HI3);
    FloatVector a6 = r6.blend(r14.rearrange(UP3), HI3);
    FloatVector a14 = r6.rearrange(DOWN3).blend(r14, HI3);
    FloatVector a7 = r7.blend(r15.rearrange(UP3), HI3);
    FloatVector a15 = r7.rearrange(DOWN3).blend(r15, HI3);
    // round 2: blocks of 4
    FloatVector b0 = a0.blend(a4.rearrange(UP2), HI2);
    FloatVector b4 = a0.rearrange(DOWN2).blend(a4, HI2);
    FloatVector b1 = a1.blend(a5.rearrange(UP2), HI2);
    FloatVector b5 = a1.rearrange(DOWN2).blend(a5, HI2);
    FloatVector b2 = a2.blend(a6.rearrange(UP2), HI2);
    FloatVector b6 = a2.rearrange(DOWN2).blend(a6, HI2);
    FloatVector b3 = a3.blend(a7.rearrange(UP2), HI2);
    FloatVector b7 = a3.rearrange(DOWN2).blend(a7, HI2);
    FloatVector b8 = a8.blend(a12.rearrange(UP2), HI2);
    FloatVector b12 = a8.rearrange(DOWN2).blend(a12, HI2);
    FloatVector b9 = a9.blend(a13.rearrange(UP2), HI2);
    FloatVector b13 = a9.rearrange(DOWN2).blend(a13, HI2);
    FloatVector b10 = a10.blend(a14.rearrange(UP2), HI2);
    FloatVector b14 = a10.rearrange(DOWN2).blend(a14, HI2);
    FloatVector b11 = a11.blend(a15.rearrange(UP2), HI2);
    FloatVector b15 = a11.rearrange(DOWN2).blend(a15, HI2);
    // round 3: blocks of 2
    FloatVector c0 = b0.blend(b2.rearrange(UP1), HI1);
    FloatVector c2 = b0.rearrange(DOWN1).blend(b2, HI1);
    FloatVector c1 = b1.blend(b3.rearrange(UP1), HI1);
    FloatVector c3 = b1.rearrange(DOWN1).blend(b3, HI1);
    FloatVector c4 = b4.blend(b6.rearrange(UP1), HI1);
    FloatVector c6 = b4.rearrange(DOWN1).blend(b6, HI1);
    FloatVector c5 = b5.blend(b7.rearrange(UP1), HI1);
    FloatVector c7 = b5.rearrange(DOWN1).blend(b7, HI1);
    FloatVector c8 = b8.blend(b10.rearrange(UP1), HI1);
    FloatVector c10 = b8.rearrange(DOWN1).blend(b10, HI1);
    FloatVector c9 = b9.blend(b11.rearrange(UP1), HI1);
    FloatVector c11 = b9.rearrange(DOWN1).blend(b11, HI1);
    FloatVector c12 = b12.blend(b14.rearrange(UP1), HI1);
    FloatVector c14 = b12.rearrange(DOWN1).blend(b14, HI1);
    FloatVector c13 = b13.blend(b15.rearrange(UP1), HI1);
    FloatVector c15 = b13.rearrange(DOWN1).blend(b15, HI1);
    // round 4: blocks of 1
    FloatVector e0 = c0.blend(c1.rearrange(UP0), HI0);
    FloatVector e1 = c0.rearrange(DOWN0).blend(c1, HI0);
    FloatVector e2 = c2.blend(c3.rearrange(UP0), HI0);
    FloatVector e3 = c2.rearrange(DOWN0).blend(c3, HI0);
    FloatVector e4 = c4.blend(c5.rearrange(UP0), HI0);
    FloatVector e5 = c4.rearrange(DOWN0).blend(c5, HI0);
    FloatVector e6 = c6.blend(c7.rearrange(UP0), HI0);
    FloatVector e7 = c6.rearrange(DOWN0).blend(c7, HI0);
    FloatVector e8 = c8.blend(c9.rearrange(UP0), HI0);
    FloatVector e9 = c8.rearrange(DOWN0).blend(c9, HI0);
    FloatVector e10 = c10.blend(c11.rearrange(UP0), HI0);
    FloatVector e11 = c10.rearrange(DOWN0).blend(c11, HI0);
    FloatVector e12 = c12.blend(c13.rearrange(UP0), HI0);
    FloatVector e13 = c12.rearrange(DOWN0).blend(c13, HI0);
    FloatVector e14 = c14.blend(c15.rearrange(UP0), HI0);
    FloatVector e15 = c14.rearrange(DOWN0).blend(c15, HI0);
    e0.intoArray(dst, d0);
    e1.intoArray(dst, d0 + 1 * dstStride);
    e2.intoArray(dst, d0 + 2 * dstStride);
    e3.intoArray(dst, d0 + 3 * dstStride);
    e4.intoArray(dst, d0 + 4 * dstStride);
    e5.intoArray(dst, d0 + 5 * dstStride);
    e6.intoArray(dst, d0 + 6 * dstStride);
    e7.intoArray(dst, d0 + 7 * dstStride);
    e8.intoArray(dst, d0 + 8 * dstStride);
    e9.intoArray(dst, d0 + 9 * dstStride);
    e10.intoArray(dst, d0 + 10 * dstStride);
    e11.intoArray(dst, d0 + 11 * dstStride);
    e12.intoArray(dst, d0 + 12 * dstStride);
    e13.intoArray(dst, d0 + 13 * dstStride);
    e14.intoArray(dst, d0 + 14 * dstStride);
    e15.intoArray(dst, d0 + 15 * dstStride);
  }

  /** {@link #block16} for rows {@code 0 .. 7} of an 8-column block, on 8 lanes. */
  static void block8(float[] src, int s0, int stride, float[] dst, int d0, int dstStride) {
    FloatVector r0 = FloatVector.fromArray(SPECIES_8, src, s0);
    FloatVector r1 = FloatVector.fromArray(SPECIES_8, src, s0 + 1 * stride);
    FloatVector r2 = FloatVector.fromArray(SPECIES_8, src, s0 + 2 * stride);
    FloatVector r3 = FloatVector.fromArray(SPECIES_8, src, s0 + 3 * stride);
    FloatVector r4 = FloatVector.fromArray(SPECIES_8, src, s0 + 4 * stride);
    FloatVector r5 = FloatVector.fromArray(SPECIES_8, src, s0 + 5 * stride);
    FloatVector r6 = FloatVector.fromArray(SPECIES_8, src, s0 + 6 * stride);
    FloatVector r7 = FloatVector.fromArray(SPECIES_8, src, s0 + 7 * stride);
    // round 1: blocks of 4
    FloatVector b0 = r0.blend(r4.rearrange(UP2_8), HI2_8);
    FloatVector b4 = r0.rearrange(DOWN2_8).blend(r4, HI2_8);
    FloatVector b1 = r1.blend(r5.rearrange(UP2_8), HI2_8);
    FloatVector b5 = r1.rearrange(DOWN2_8).blend(r5, HI2_8);
    FloatVector b2 = r2.blend(r6.rearrange(UP2_8), HI2_8);
    FloatVector b6 = r2.rearrange(DOWN2_8).blend(r6, HI2_8);
    FloatVector b3 = r3.blend(r7.rearrange(UP2_8), HI2_8);
    FloatVector b7 = r3.rearrange(DOWN2_8).blend(r7, HI2_8);
    // round 2: blocks of 2
    FloatVector c0 = b0.blend(b2.rearrange(UP1_8), HI1_8);
    FloatVector c2 = b0.rearrange(DOWN1_8).blend(b2, HI1_8);
    FloatVector c1 = b1.blend(b3.rearrange(UP1_8), HI1_8);
    FloatVector c3 = b1.rearrange(DOWN1_8).blend(b3, HI1_8);
    FloatVector c4 = b4.blend(b6.rearrange(UP1_8), HI1_8);
    FloatVector c6 = b4.rearrange(DOWN1_8).blend(b6, HI1_8);
    FloatVector c5 = b5.blend(b7.rearrange(UP1_8), HI1_8);
    FloatVector c7 = b5.rearrange(DOWN1_8).blend(b7, HI1_8);
    // round 3: blocks of 1
    FloatVector e0 = c0.blend(c1.rearrange(UP0_8), HI0_8);
    FloatVector e1 = c0.rearrange(DOWN0_8).blend(c1, HI0_8);
    FloatVector e2 = c2.blend(c3.rearrange(UP0_8), HI0_8);
    FloatVector e3 = c2.rearrange(DOWN0_8).blend(c3, HI0_8);
    FloatVector e4 = c4.blend(c5.rearrange(UP0_8), HI0_8);
    FloatVector e5 = c4.rearrange(DOWN0_8).blend(c5, HI0_8);
    FloatVector e6 = c6.blend(c7.rearrange(UP0_8), HI0_8);
    FloatVector e7 = c6.rearrange(DOWN0_8).blend(c7, HI0_8);
    e0.intoArray(dst, d0);
    e1.intoArray(dst, d0 + 1 * dstStride);
    e2.intoArray(dst, d0 + 2 * dstStride);
    e3.intoArray(dst, d0 + 3 * dstStride);
    e4.intoArray(dst, d0 + 4 * dstStride);
    e5.intoArray(dst, d0 + 5 * dstStride);
    e6.intoArray(dst, d0 + 6 * dstStride);
    e7.intoArray(dst, d0 + 7 * dstStride);
  }
}
