package dev.unroll.weights.codec;

/** IEEE binary16 and bfloat16 to float32 (Java 17 has no converter for either). */
public final class HalfFloats {
  private HalfFloats() {}

  /** IEEE binary16 (1 sign, 5 exponent, 10 mantissa bits), subnormals, infinities and NaN included. */
  public static float halfToFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // zero or subnormal: mantissa · 2^-24, exact in float32
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** bfloat16: the top 16 bits of a float32. */
  public static float bfloat16ToFloat(int bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
