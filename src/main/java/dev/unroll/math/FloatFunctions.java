package dev.unroll.math;

/**
 * exp, sigmoid and tanh on one float, the operations {@link VectorActivations} runs on each lane (its
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
  // 1/k! for k = 7 down to 2 (the k = 1 and 0 terms are 1)
  static final float E7 = 1f / 5040;
  static final float E6 = 1f / 720;
  static final float E5 = 1f / 120;
  static final float E4 = 1f / 24;
  static final float E3 = 1f / 6;
  static final float E2 = 1f / 2;
  static final float TANH_SERIES_BELOW = 0.5f;
  // tanh's odd Taylor coefficients for x^15 down to x^3
  static final float T15 = (float) (-929569.0 / 638512875);
  static final float T13 = (float) (21844.0 / 6081075);
  static final float T11 = (float) (-1382.0 / 155925);
  static final float T9 = (float) (62.0 / 2835);
  static final float T7 = (float) (-17.0 / 315);
  static final float T5 = (float) (2.0 / 15);
  static final float T3 = (float) (-1.0 / 3);

  private FloatFunctions() {}

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
