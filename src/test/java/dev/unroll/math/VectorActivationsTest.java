package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The vectorised sigmoid and tanh, and the expm1 under them, against double-precision
 * {@link Math#expm1} and {@link Math#tanh} over a dense sweep, large |x| and ±0.
 */
class VectorActivationsTest {
  /** Allowed error in units in the last place of the correctly rounded float result. */
  private static final double EXPM1_ULPS = 2;
  private static final double SIGMOID_ULPS = 3;
  private static final double TANH_ULPS = 3;
  /**
   * Below this, sigmoid's result may be any tiny value: exp saturates at e^88, so sigmoid(−100) is
   * about 6e-39 instead of 4e-44.
   */
  private static final double SATURATED = 1e-37;
  private static final double SWEEP_STEP = 1.0 / 1024 + 1e-7; // off the binary grid on purpose

  private static float[] sweep(double from, double to) {
    int n = (int) ((to - from) / SWEEP_STEP) + 1;
    float[] x = new float[n + 9];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (from + i * SWEEP_STEP);
    }
    float[] specials = {0f, -0f, Float.MIN_VALUE, -1e-30f, 1e-7f, -3e-4f, 1e4f, -1e4f, Float.MAX_VALUE};
    System.arraycopy(specials, 0, x, n, specials.length);
    return x;
  }

  /** The largest error, in ulps of the float nearest the exact value, over {@code x}. */
  private static double maxUlps(float[] x, float[] got, DoubleUnaryOperator exact, double floor) {
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double e = exact.applyAsDouble(x[i]);
      double err = Math.abs(got[i] - e);
      if (Math.abs(e) < floor && err < floor) {
        continue;
      }
      worst = Math.max(worst, err / Math.ulp((float) e));
    }
    return worst;
  }

  private static float[] applied(float[] x, Activation act) {
    float[] v = x.clone();
    VectorActivations.INSTANCE.apply(act, v, 0, v.length); // length not a multiple of the lanes
    return v;
  }

  @Test
  void expm1IsWithinTwoUlpsOverItsWholeRangeAndTiny() {
    float[] x = sweep(-87, 88);
    x = Arrays.copyOf(x, x.length - 9); // expm1 saturates outside [-87, 88] by design
    float[] got = new float[x.length];
    for (int i = 0; i < x.length; i += 1) {
      got[i] = FloatFunctions.expm1(x[i]);
    }
    double ulps = maxUlps(x, got, Math::expm1, 0);
    assertTrue(ulps <= EXPM1_ULPS, "expm1 max error " + ulps + " ulp");
    float[] tiny = {1e-7f, -1e-7f, 3e-20f, -3e-20f, Float.MIN_NORMAL};
    float[] tinyGot = new float[tiny.length];
    for (int i = 0; i < tiny.length; i++) {
      tinyGot[i] = FloatFunctions.expm1(tiny[i]);
    }
    double tinyUlps = maxUlps(tiny, tinyGot, Math::expm1, 0);
    assertTrue(tinyUlps <= EXPM1_ULPS, "expm1 of tiny max error " + tinyUlps + " ulp");
  }

  @Test
  void vectorLanesAndScalarTailGiveTheSameBits() {
    float[] x = sweep(-30, 30);
    float[] sig = applied(x, Activation.SIGMOID);
    float[] th = applied(x, Activation.TANH);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToRawIntBits(FloatFunctions.sigmoid(x[i])), Float.floatToRawIntBits(sig[i]),
          "sigmoid(" + x[i] + ")");
      assertEquals(Float.floatToRawIntBits(FloatFunctions.tanh(x[i])), Float.floatToRawIntBits(th[i]),
          "tanh(" + x[i] + ")");
    }
  }

  @Test
  void scalarFallbackGivesTheSameBitsAsTheVectorPath() {
    float[] x = sweep(-30, 30);
    for (Activation act : new Activation[] {Activation.SIGMOID, Activation.TANH}) {
      float[] scalar = x.clone();
      Activations.scalar().apply(act, scalar, 0, scalar.length);
      float[] vector = applied(x, act);
      for (int i = 0; i < x.length; i++) {
        assertEquals(Float.floatToRawIntBits(vector[i]), Float.floatToRawIntBits(scalar[i]),
            act.kind() + "(" + x[i] + ")");
      }
    }
  }

  @Test
  void sigmoidIsWithinThreeUlpsIncludingLargeInputs() {
    float[] x = sweep(-100, 100);
    double ulps = maxUlps(x, applied(x, Activation.SIGMOID), v -> 1 / (1 + Math.exp(-v)), SATURATED);
    assertTrue(ulps <= SIGMOID_ULPS, "sigmoid max error " + ulps + " ulp");
  }

  @Test
  void tanhIsWithinThreeUlpsIncludingLargeInputsAndTiny() {
    float[] x = sweep(-20, 20);
    double ulps = maxUlps(x, applied(x, Activation.TANH), Math::tanh, 0);
    assertTrue(ulps <= TANH_ULPS, "tanh max error " + ulps + " ulp");
  }

  @Test
  void tanhKeepsTheSignOfZeroAndSaturatesToOne() {
    float[] v = {0f, -0f, 50f, -50f, Float.MAX_VALUE, -Float.MAX_VALUE};
    VectorActivations.INSTANCE.apply(Activation.TANH, v, 0, v.length);
    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(v[0]));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[1]));
    assertEquals(1f, v[2]);
    assertEquals(-1f, v[3]);
    assertEquals(1f, v[4]);
    assertEquals(-1f, v[5]);
  }

  @Test
  void otherActivationsUseTheScalarFunction() {
    float[] v = {-2f, 0.5f, 7f};
    VectorActivations.INSTANCE.apply(Activation.RELU6, v, 0, 3);
    assertEquals(0f, v[0]);
    assertEquals(0.5f, v[1]);
    assertEquals(6f, v[2]);
  }
}
