package dev.unroll.math;

import static dev.unroll.math.FloatFunctions.E2;
import static dev.unroll.math.FloatFunctions.E3;
import static dev.unroll.math.FloatFunctions.E4;
import static dev.unroll.math.FloatFunctions.E5;
import static dev.unroll.math.FloatFunctions.E6;
import static dev.unroll.math.FloatFunctions.E7;
import static dev.unroll.math.FloatFunctions.E8;
import static dev.unroll.math.FloatFunctions.EXP_HI;
import static dev.unroll.math.FloatFunctions.EXP_LO;
import static dev.unroll.math.FloatFunctions.LN2_HI;
import static dev.unroll.math.FloatFunctions.LN2_LO;
import static dev.unroll.math.FloatFunctions.LOG2E;
import static dev.unroll.math.FloatFunctions.ROUND_MAGIC;
import static dev.unroll.math.FloatFunctions.ROUND_MAGIC_BITS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sigmoid and tanh on {@code jdk.incubator.vector} lanes, within 3 ulp of the double-precision
 * sigmoid and {@link Math#tanh} (see {@code VectorActivationsTest}); other activations go to
 * the scalar {@link Activation#apply}.
 *
 * <p>Both rest on expm1: {@code y = n·ln2 + r} with n the nearest integer to {@code y·log2(e)} and
 * {@code |r| ≤ ln2/2} (Cody–Waite: ln2 split in a short high part and a low part), {@code expm1(r)} by
 * its Taylor polynomial to degree 8 (truncation below 2e-8 relative), and
 * {@code expm1(y) = 2^n·expm1(r) + (2^n − 1)} in one FMA with 2^n built in the exponent bits: no
 * cancellation near 0. y is clamped to [−87, 88] so 2^n stays a normal float: expm1 saturates there,
 * which sigmoid and tanh never notice (their results are 0 or ±1 to float precision by then).
 *
 * <p>sigmoid: {@code 1 / (2 + expm1(−x))}. tanh: {@code sign(x)·(−e / (2 + e))} with
 * {@code e = expm1(−2|x|)}, relative accuracy kept near 0 and −0 kept −0.
 *
 * <p>Each lane uses only IEEE operations and FMAs, and the scalar tail ({@link FloatFunctions}, also
 * the fallback's activations) repeats them exactly, so an element's result does not depend on whether
 * it fell in a vector or in the tail, nor on whether the vector module was present.
 */
final class VectorActivations implements Activations {
  static final VectorActivations INSTANCE = new VectorActivations();

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorActivations() {}

  @Override
  public void apply(Activation act, float[] v, int offset, int length) {
    switch (act.kind()) {
      case SIGMOID -> activate(v, offset, length, true);
      case TANH -> activate(v, offset, length, false);
      default -> act.applyInPlace(v, offset, length);
    }
  }

  @Override
  public void lstmCellUpdate(float[] gates, int i, int f, int g, float[] c, int co, float[] m, int mo,
      int length, float cellClip) {
    boolean clipped = cellClip == cellClip;
    int j = 0;
    for (int bound = S.loopBound(length); j < bound; j += S.length()) {
      FloatVector cNew = FloatVector.fromArray(S, gates, f + j).mul(FloatVector.fromArray(S, c, co + j))
          .add(FloatVector.fromArray(S, gates, i + j).mul(FloatVector.fromArray(S, gates, g + j)));
      if (clipped) {
        cNew = cNew.max(-cellClip).min(cellClip);
      }
      cNew.intoArray(c, co + j);
      cNew.intoArray(m, mo + j);
    }
    for (; j < length; j++) {
      float cNew = Activations.clamp(gates[f + j] * c[co + j] + gates[i + j] * gates[g + j], cellClip);
      c[co + j] = cNew;
      m[mo + j] = cNew;
    }
  }

  @Override
  public void multiply(float[] r, int ro, float[] h, int ho, float[] out, int oo, int length) {
    int j = 0;
    for (int bound = S.loopBound(length); j < bound; j += S.length()) {
      FloatVector.fromArray(S, r, ro + j).mul(FloatVector.fromArray(S, h, ho + j)).intoArray(out, oo + j);
    }
    for (; j < length; j++) {
      out[oo + j] = r[ro + j] * h[ho + j];
    }
  }

  @Override
  public void gruUpdate(float[] gates, int z, int n, float[] h, int hr, int units) {
    int j = 0;
    for (int bound = S.loopBound(units); j < bound; j += S.length()) { // z·h + (1 − z)·n
      FloatVector zj = FloatVector.fromArray(S, gates, z + j);
      FloatVector kept = zj.mul(FloatVector.fromArray(S, h, hr + j));
      kept.add(c(1f).sub(zj).mul(FloatVector.fromArray(S, gates, n + j))).intoArray(h, hr + j);
    }
    for (; j < units; j++) {
      float zj = gates[z + j];
      h[hr + j] = zj * h[hr + j] + (1f - zj) * gates[n + j];
    }
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  /**
   * Sigmoid (or tanh) of {@code v[offset .. offset+length)} in place. The whole computation sits in
   * this one loop on purpose, both functions sharing one expm1: C2 does not inline a helper this
   * large, and a vector passed to or returned from a method that is not inlined is boxed on the heap,
   * which made it ten times slower; a loop per function in one method, or an exp and an expm1 in this
   * loop, passed C2's node budget and got boxed too (measured: 1.5x to 3x slower, tens of MB per batch).
   */
  private static void activate(float[] v, int offset, int length, boolean sigmoid) {
    int i = offset;
    for (int bound = offset + S.loopBound(length); i < bound; i += S.length()) {
      FloatVector x = FloatVector.fromArray(S, v, i);
      // e^y − 1 with y = −x for sigmoid, −2|x| for tanh
      FloatVector y = (sigmoid ? x.neg() : x.abs().mul(-2f)).max(EXP_LO).min(EXP_HI);
      FloatVector t = y.fma(c(LOG2E), c(ROUND_MAGIC)); // the nearest integer n, in the low mantissa bits
      FloatVector n = t.sub(ROUND_MAGIC);
      FloatVector r = n.fma(c(-LN2_HI), y);
      r = n.fma(c(-LN2_LO), r);
      FloatVector p = c(E8).fma(r, c(E7)).fma(r, c(E6)).fma(r, c(E5)).fma(r, c(E4)).fma(r, c(E3))
          .fma(r, c(E2));
      FloatVector q = r.mul(r).fma(p, r); // expm1(r)
      IntVector bits = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
      FloatVector scale = bits.reinterpretAsFloats(); // 2^n
      FloatVector e = scale.fma(q, scale.sub(1f)); // 2^n·expm1(r) + (2^n − 1), one rounding
      FloatVector result;
      if (sigmoid) {
        result = c(1f).div(e.add(2f));
      } else {
        FloatVector magnitude = e.div(c(-2f).sub(e)).abs(); // abs: tanh(+0) is +0, not +0 / −2
        IntVector sign = x.reinterpretAsInts().and(Integer.MIN_VALUE);
        result = magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
      }
      result.intoArray(v, i);
    }
    for (int end = offset + length; i < end; i++) {
      v[i] = sigmoid ? FloatFunctions.sigmoid(v[i]) : FloatFunctions.tanh(v[i]);
    }
  }

  private static FloatVector c(float value) {
    return FloatVector.broadcast(S, value);
  }
}
