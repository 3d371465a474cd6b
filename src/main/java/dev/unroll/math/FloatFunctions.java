package dev.unroll.math;

/**
 * expm1, sigmoid and tanh on one float, the operations {@link VectorActivations} runs on each lane (its
 * javadoc gives the method and the accuracy): its scalar tail, and the activations of the fallback
 * when {@code jdk.incubator.vector} is absent, which this class does not need. Same bits as a lane.
 */
final class FloatFunctions {
  static final float EXP_LO = -87f;
  static final float EXP_HI = 88f;
  static final float LOG2E = 1.44269504f;
  /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
  static final float ROUND_MAGIC = 12582912f;
  static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  // 1/k! for k = 8 down to 2: expm1(r) = r + r^2·(1/2! + r/3! + ... + r^6/8!)
  static final float E8 = 1f / 40320;
  static final float E7 = 1f / 5040;
  static final float E6 = 1f / 720;
  static final float E5 = 1f / 120;
  static final float E4 = 1f / 24;
  static final float E3 = 1f / 6;
  static final float E2 = 1f / 2;
  private FloatFunctions() {}

  /**
   * e^y − 1, with y clamped to [−87, 88]: {@code 2^n·expm1(r) + (2^n − 1)}, where {@code 2^n − 1} is
   * exact for the n that matter and the FMA rounds once, so there is no cancellation near y = 0.
   */
  static float expm1(float y) {
    y = clamp(y);
    float t = Math.fma(y, LOG2E, ROUND_MAGIC);
    float n = t - ROUND_MAGIC;
    float r = Math.fma(n, -LN2_HI, y);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(E8, r, E7), r, E6), r, E5), r, E4), r,
        E3), r, E2);
    float q = Math.fma(r * r, p, r); // expm1(r)
    float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_MAGIC_BITS - 127)) << 23);
    return Math.fma(scale, q, scale - 1f);
  }

  /**
   * {@code Math.min(Math.max(y, EXP_LO), EXP_HI)} to the bit (NaN and −0 pass through) as two
   * compares: Java 17's C2 compiles each float {@code Math.min}/{@code max} to a blend sequence that
   * handles NaN and signed zeros, about 5 instructions where one compare and branch do here.
   */
  private static float clamp(float y) {
    return y < EXP_LO ? EXP_LO : y > EXP_HI ? EXP_HI : y;
  }

  /** 1 / (1 + e^−x) = 1 / (2 + expm1(−x)). */
  static float sigmoid(float x) {
    return 1f / (expm1(-x) + 2f);
  }

  /** tanh(|x|) = −e / (2 + e) with e = expm1(−2|x|), x's sign put back last (so −0 stays −0). */
  static float tanh(float x) {
    float e = expm1(-2f * Math.abs(x));
    float magnitude = Math.abs(e / (-2f - e)); // abs: tanh(+0) is +0, not +0 / −2
    return Float.intBitsToFloat(
        Float.floatToRawIntBits(magnitude) | (Float.floatToRawIntBits(x) & Integer.MIN_VALUE));
  }
}
