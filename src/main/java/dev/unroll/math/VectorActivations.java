package dev.unroll.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sigmoid and tanh on {@code jdk.incubator.vector} lanes, within a few ulp of the double-precision
 * {@link Math#exp} and {@link Math#tanh} (see {@code VectorActivationsTest}); other activations go to
 * the scalar {@link Activation#apply}.
 *
 * <p>exp: {@code x = n·ln2 + r} with n the nearest integer to {@code x·log2(e)} and
 * {@code |r| ≤ ln2/2} (Cody–Waite: ln2 split in a short high part and a low part), {@code e^r} by its
 * Taylor polynomial to degree 7 (truncation below 1e-8 relative), times {@code 2^n} built in the
 * exponent bits. Inputs are clamped to [−87, 88] so 2^n stays a normal float: exp saturates there,
 * which sigmoid and tanh never notice (their results are 0 or ±1 to float precision by then).
 *
 * <p>tanh: for {@code |x| < 0.5} the odd Taylor series to x^15 (no cancellation near 0, and −0 stays
 * −0); above, {@code sign(x)·(1 − 2/(e^{2|x|} + 1))}.
 *
 * <p>Each lane uses only IEEE operations and FMAs, and the scalar tail repeats them exactly, so an
 * element's result does not depend on whether it fell in a vector or in the tail.
 */
final class VectorActivations implements Activations {
  static final VectorActivations INSTANCE = new VectorActivations();

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private static final float EXP_LO = -87f;
  private static final float EXP_HI = 88f;
  private static final float LOG2E = 1.44269504f;
  /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
  private static final float ROUND_MAGIC = 12582912f;
  private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  // 1/k! for k = 7 down to 2 (the k = 1 and 0 terms are 1)
  private static final float E7 = 1f / 5040;
  private static final float E6 = 1f / 720;
  private static final float E5 = 1f / 120;
  private static final float E4 = 1f / 24;
  private static final float E3 = 1f / 6;
  private static final float E2 = 1f / 2;
  private static final float TANH_SERIES_BELOW = 0.5f;
  // tanh's odd Taylor coefficients for x^15 down to x^3
  private static final float T15 = (float) (-929569.0 / 638512875);
  private static final float T13 = (float) (21844.0 / 6081075);
  private static final float T11 = (float) (-1382.0 / 155925);
  private static final float T9 = (float) (62.0 / 2835);
  private static final float T7 = (float) (-17.0 / 315);
  private static final float T5 = (float) (2.0 / 15);
  private static final float T3 = (float) (-1.0 / 3);

  private VectorActivations() {}

  @Override
  public void apply(Activation act, float[] v, int offset, int length) {
    switch (act.kind()) {
      case SIGMOID -> sigmoid(v, offset, length);
      case TANH -> tanh(v, offset, length);
      default -> act.applyInPlace(v, offset, length);
    }
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  static void sigmoid(float[] v, int offset, int length) {
    int i = offset;
    for (int bound = offset + S.loopBound(length); i < bound; i += S.length()) {
      sigmoid(FloatVector.fromArray(S, v, i)).intoArray(v, i);
    }
    for (int end = offset + length; i < end; i++) {
      v[i] = sigmoid(v[i]);
    }
  }

  static void tanh(float[] v, int offset, int length) {
    int i = offset;
    for (int bound = offset + S.loopBound(length); i < bound; i += S.length()) {
      tanh(FloatVector.fromArray(S, v, i)).intoArray(v, i);
    }
    for (int end = offset + length; i < end; i++) {
      v[i] = tanh(v[i]);
    }
  }

  // --- lanes ---

  static FloatVector exp(FloatVector x) {
    x = x.max(EXP_LO).min(EXP_HI);
    FloatVector t = x.fma(c(LOG2E), c(ROUND_MAGIC)); // the nearest integer n, in the low mantissa bits
    FloatVector n = t.sub(ROUND_MAGIC);
    FloatVector r = n.fma(c(-LN2_HI), x);
    r = n.fma(c(-LN2_LO), r);
    FloatVector p = c(E7).fma(r, c(E6)).fma(r, c(E5)).fma(r, c(E4)).fma(r, c(E3)).fma(r, c(E2));
    p = p.fma(r, c(1f)).fma(r, c(1f));
    IntVector bits = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
    return p.mul(bits.reinterpretAsFloats());
  }

  static FloatVector sigmoid(FloatVector x) {
    return c(1f).div(exp(x.neg()).add(1f));
  }

  static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs(); // tanh is odd: work on |x|, put x's sign back last (so −0 stays −0)
    FloatVector s = a.mul(a);
    FloatVector q = c(T15).fma(s, c(T13)).fma(s, c(T11)).fma(s, c(T9)).fma(s, c(T7)).fma(s, c(T5))
        .fma(s, c(T3));
    FloatVector series = a.mul(s).fma(q, a);
    FloatVector large = c(1f).sub(c(2f).div(exp(a.add(a)).add(1f)));
    FloatVector magnitude = large.blend(series, a.lt(TANH_SERIES_BELOW));
    IntVector sign = x.reinterpretAsInts().and(Integer.MIN_VALUE);
    return magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
  }

  private static FloatVector c(float value) {
    return FloatVector.broadcast(S, value);
  }

  // --- the same operations on one float, for tails ---

  static float exp(float x) {
    x = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float t = Math.fma(x, LOG2E, ROUND_MAGIC);
    float n = t - ROUND_MAGIC;
    float r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(E7, r, E6), r, E5), r, E4), r, E3), r, E2);
    p = Math.fma(Math.fma(p, r, 1f), r, 1f);
    int bits = (Float.floatToRawIntBits(t) - (ROUND_MAGIC_BITS - 127)) << 23;
    return p * Float.intBitsToFloat(bits);
  }

  static float sigmoid(float x) {
    return 1f / (exp(-x) + 1f);
  }

  static float tanh(float x) {
    float a = Math.abs(x);
    float s = a * a;
    float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(T15, s, T13), s, T11), s, T9), s,
        T7), s, T5), s, T3);
    float magnitude = a < TANH_SERIES_BELOW ? Math.fma(a * s, q, a) : 1f - 2f / (exp(a + a) + 1f);
    return Float.intBitsToFloat(
        Float.floatToRawIntBits(magnitude) | (Float.floatToRawIntBits(x) & Integer.MIN_VALUE));
  }
}
