package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused element-wise steps give the bits of the separate passes over whole blocks they replace
 * ({@link Activations#apply}, {@link Activations#lstmCellUpdate}, {@link Activations#multiply}), in the
 * vector lanes, the scalar tail and the scalar path, over lengths around the vector width and with
 * pre-activations from −0 and tiny to past the saturation of exp.
 */
class FusedElementWiseTest {
  /** Lengths below, at and around one and two AVX-512 vectors, and a benchmark-like block. */
  static int[] lengths() {
    return new int[] {0, 1, 15, 16, 17, 33, 64 * 3 + 5};
  }

  private static final Activations[] ALL = {Activations.scalar(), VectorActivations.INSTANCE};

  private static float[] preActivations(Random r, int n) {
    float[] specials = {0f, -0f, 1e-30f, -3e-4f, 9f, -9f, 100f, -100f, Float.MAX_VALUE};
    float[] v = new float[n];
    for (int j = 0; j < n; j++) {
      v[j] = j % 7 == 3 ? specials[(j / 7) % specials.length] : (float) r.nextGaussian() * 4f;
    }
    return v;
  }

  @ParameterizedTest(name = "length={0}")
  @MethodSource("lengths")
  void lstmSigmoidTanhGivesTheBitsOfThePassesItFuses(int length) {
    Random r = new Random(length);
    float[] gates = preActivations(r, 4 * length);
    float[] c = preActivations(r, length);
    for (float cellClip : new float[] {Float.NaN, 0.75f}) {
      // the expectation: the passes of the general path, in the scalar path
      Activations scalar = Activations.scalar();
      float[] g = gates.clone();
      float[] expectedC = c.clone();
      float[] expectedH = new float[length];
      scalar.apply(Activation.SIGMOID, g, 0, 2 * length);
      scalar.apply(Activation.TANH, g, 2 * length, length);
      scalar.lstmCellUpdate(g, 0, length, 2 * length, expectedC, 0, expectedH, 0, length, cellClip);
      scalar.apply(Activation.SIGMOID, g, 3 * length, length);
      scalar.apply(Activation.TANH, expectedH, 0, length);
      scalar.multiply(expectedH, 0, g, 3 * length, expectedH, 0, length);
      int compared = 0;
      for (Activations acts : ALL) {
        float[] actualC = c.clone();
        float[] actualH = new float[length];
        acts.lstmSigmoidTanh(gates.clone(), actualC, actualH, length, cellClip);
        assertArrayEquals(expectedC, actualC, acts.name() + " c, clip " + cellClip);
        assertArrayEquals(expectedH, actualH, acts.name() + " h, clip " + cellClip);
        compared += actualC.length + actualH.length;
      }
      assertEquals(ALL.length * 2 * length, compared);
    }
  }

  @ParameterizedTest(name = "length={0}")
  @MethodSource("lengths")
  void applyIntoGivesTheBitsOfApplyInPlaceAndLeavesItsSource(int length) {
    Random r = new Random(200 + length);
    float[] v = preActivations(r, length + 2);
    for (Activation act : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.RELU}) {
      float[] expected = new float[length + 1];
      System.arraycopy(v, 2, expected, 1, length);
      Activations.scalar().apply(act, expected, 1, length);
      for (Activations acts : ALL) {
        float[] source = v.clone();
        float[] actual = new float[length + 1];
        acts.applyInto(act, source, 2, actual, 1, length);
        assertArrayEquals(expected, actual, acts.name() + " " + act.describe());
        assertArrayEquals(v, source, acts.name() + " " + act.describe() + " source");
      }
    }
  }
}
