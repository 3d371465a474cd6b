package dev.unroll.reference.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What ONNX Runtime computes where the ONNX spec is vague, pinned on one-unit LSTMs whose values can be
 * worked out by hand, and how our conversion answers each point.
 */
class OnnxRuntimeSemanticsTest {

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** One step of a one-unit LSTM from x = 1, h0 = 0 and c0, with W rows i, o, f, c. */
  private static RnnCase oneUnitLstm(float[] w, float c0, float clip, int inputForget) {
    RnnCase.LayerWeights lw = new RnnCase.LayerWeights(w, new float[4], null, null, new float[1], new float[] {c0});
    return new RnnCase("one-unit LSTM", "LSTM", "forward", 1, 1, 1, 1, null, List.of(), List.of(), List.of(),
        clip, 0, inputForget, List.of(lw), new float[] {1f});
  }

  @Test
  void inputForgetMakesOnnxRuntimeUseOneMinusTheInputGateAndWeRefuseIt() throws Exception {
    RnnCase c = oneUnitLstm(new float[] {0.5f, 0.2f, 3f, 0.4f}, 2f, Float.NaN, 1);
    double i = sigmoid(0.5);
    double coupled = (1 - i) * 2 + i * Math.tanh(0.4);
    double uncoupled = sigmoid(3) * 2 + i * Math.tanh(0.4);

    float cOrt = Engines.onnxRuntime(c).get("Y_c_0")[0];

    assertEquals(coupled, cOrt, 1e-6);
    assertTrue(Math.abs(uncoupled - cOrt) > 0.1, "input_forget had no effect in ONNX Runtime");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Engines.fromOnnx(c));
    assertTrue(e.getMessage().contains("input_forget=1"), e.getMessage());
  }

  @Test
  void clipBoundsGateAndCandidateInputsButNotTheCellBeforeTheOutputActivation() throws Exception {
    RnnCase c = oneUnitLstm(new float[] {2f, 2f, 2f, 2f}, 3f, 0.5f, 0);
    // every pre-activation is 2, clipped to 0.5; C = σ(.5)·3 + σ(.5)·tanh(.5) ≈ 2.09 is not clipped
    double g = sigmoid(0.5);
    double cell = g * 3 + g * Math.tanh(0.5);
    double h = g * Math.tanh(cell);

    Map<String, float[]> ort = Engines.onnxRuntime(c);
    Map<String, float[]> ours = Engines.ours(c, Engines.fromOnnx(c));

    assertEquals(cell, ort.get("Y_c_0")[0], 1e-6);
    assertEquals(h, ort.get("Y_h_0")[0], 1e-6);
    assertEquals(h, ours.get("Y_h_0")[0], 1e-6);
    assertTrue(Math.abs(g * Math.tanh(0.5) - h) > 0.1, "the case does not tell the two readings apart");
  }

  /**
   * ONNX Runtime's answer for a length-0 sequence is unspecified (onnx/onnx#1674: its LSTM zeroes the
   * states, its RNN reads before the sequence), so we pin our own: the sequence keeps its initial state
   * in both directions and has no outputs, and the other sequences are unaffected.
   */
  @Test
  void lengthZeroSequenceKeepsItsInitialStateAndLeavesTheOthersAsOnnxRuntimeComputesThem() throws Exception {
    RnnCase c = RnnCase.of("LSTM").direction("bidirectional").layers(2).lengths().initialStates()
        .max(20, 6, 12, 9).build("LSTM with an empty sequence", 77);
    RnnCase withEmpty = withEmptySequence(c, new Random(78));
    int b = c.batch();
    int h = c.hidden();

    Map<String, float[]> ort = Engines.onnxRuntime(c);
    Map<String, float[]> ours = Engines.ours(withEmpty, Engines.fromOnnx(withEmpty));

    for (Map.Entry<String, float[]> e : ort.entrySet()) {
      float[] mine = ours.get(e.getKey());
      int rows = e.getValue().length / (b * h); // [.., B, H] with B outermost-but-last
      for (int r = 0; r < rows; r++) {
        float[] expected = Arrays.copyOfRange(e.getValue(), r * b * h, (r + 1) * b * h);
        float[] actual = Arrays.copyOfRange(mine, r * (b + 1) * h, r * (b + 1) * h + b * h);
        assertArrayEquals(expected, actual, 1e-5f, e.getKey() + " block " + r);
        float[] empty = Arrays.copyOfRange(mine, r * (b + 1) * h + b * h, (r + 1) * (b + 1) * h);
        float[] initial = new float[h];
        if (!e.getKey().startsWith("Y_" + (c.layers().size() - 1))) {
          RnnCase.LayerWeights lw = withEmpty.layers().get(Integer.parseInt(e.getKey().substring(4)));
          float[] state = e.getKey().startsWith("Y_h") ? lw.initialH() : lw.initialC();
          initial = Arrays.copyOfRange(state, r * (b + 1) * h + b * h, (r + 1) * (b + 1) * h);
        }
        assertArrayEquals(initial, empty, e.getKey() + " block " + r + " of the empty sequence");
      }
    }
  }

  /** The case with one more sequence, of length 0, at the end of the batch, with its own initial state. */
  private static RnnCase withEmptySequence(RnnCase c, Random rnd) {
    int b = c.batch();
    int h = c.hidden();
    int d = c.directions();
    float[] x = new float[c.seq() * (b + 1) * c.input()];
    for (int t = 0; t < c.seq(); t++) {
      System.arraycopy(c.x(), t * b * c.input(), x, t * (b + 1) * c.input(), b * c.input());
    }
    int[] lengths = Arrays.copyOf(c.lengths(), b + 1);
    List<RnnCase.LayerWeights> layers = new ArrayList<>();
    for (RnnCase.LayerWeights lw : c.layers()) {
      layers.add(new RnnCase.LayerWeights(lw.w(), lw.r(), lw.b(), lw.p(), widen(lw.initialH(), d, b, h, rnd),
          widen(lw.initialC(), d, b, h, rnd)));
    }
    return new RnnCase(c.label(), c.op(), c.direction(), c.seq(), b + 1, c.input(), h, lengths,
        c.activations(), c.alphas(), c.betas(), c.clip(), c.linearBeforeReset(), c.inputForget(), layers, x);
  }

  private static float[] widen(float[] state, int d, int b, int h, Random rnd) {
    float[] out = RnnCase.uniform(rnd, d * (b + 1) * h, 1f);
    for (int dir = 0; dir < d; dir++) {
      System.arraycopy(state, dir * b * h, out, dir * (b + 1) * h, b * h);
    }
    return out;
  }
}
