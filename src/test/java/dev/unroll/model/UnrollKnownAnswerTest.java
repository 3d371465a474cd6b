package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.math.ReferenceGemm;
import org.junit.jupiter.api.Test;

/** One-unit models whose values were worked out by hand (in double precision) from the equations. */
class UnrollKnownAnswerTest {

  private static UnrollResult run(RnnModel model, int inputSize, float[]... sequences) {
    Unroller unroller = new Unroller(PreparedModel.prepare(model, new ReferenceGemm()));
    return unroller.unroll(SequenceBatch.of(inputSize, sequences), true);
  }

  @Test
  void simpleRnnFollowsTanhOfInputPlusRecurrencePlusBias() {
    SimpleRnnCell cell = new SimpleRnnCell(
        1, 1, new float[] {0.5f}, new float[] {0.25f}, new float[] {0.1f}, Activation.TANH, Float.NaN);
    UnrollResult r = run(RnnModel.of(Layer.of(cell)), 1, new float[] {1f, 2f});
    // h1 = tanh(0.6), h2 = tanh(1.0 + 0.25·h1 + 0.1)
    assertArrayEquals(new float[] {0.53704957f, 0.84381124f}, r.outputs(), 1e-6f);
    assertEquals(0.84381124f, r.finalStates().get(0).h()[0], 1e-6f);
  }

  @Test
  void lstmUpdatesCellAndHiddenStateInGateOrderIfgo() {
    LstmCell cell = new LstmCell(1, 1, 0,
        new float[] {0.5f, 0.4f, 0.3f, 0.2f},
        new float[] {0.1f, 0.1f, 0.1f, 0.1f},
        new float[] {0f, 1f, 0f, 0f},
        null, null, LstmCell.Options.DEFAULT);
    UnrollResult r = run(RnnModel.of(Layer.of(cell)), 1, new float[] {1f, 2f});
    // step 1: c = σ(0.5)·tanh(0.3), h = σ(0.2)·tanh(c); step 2 likewise with the recurrence
    assertArrayEquals(new float[] {0.09862297f, 0.30290560f}, r.outputs(), 1e-6f);
    assertEquals(0.55459570f, r.finalStates().get(0).c()[0], 1e-6f);
  }

  /**
   * One unit, one input, gate blocks z, r, n: x·[0.5, −0.5, 1], h·[0.25, 0.5, −1], bias [0, 0.1, 0.2]
   * and, reset-after only, a recurrent candidate bias 0.3; the sequence x = 1, 2 from h = 0.
   */
  private static GruCell gru(boolean resetAfter) {
    return new GruCell(1, 1, new float[] {0.5f, -0.5f, 1f}, new float[] {0.25f, 0.5f, -1f},
        new float[] {0f, 0.1f, 0.2f}, resetAfter ? new float[] {0.3f} : null, resetAfter,
        Activation.SIGMOID, Activation.TANH, Float.NaN);
  }

  @Test
  void gruResetBeforeAppliesTheResetGateToTheStateBeforeTheRecurrentKernel() {
    UnrollResult r = run(RnnModel.of(Layer.of(gru(false))), 1, new float[] {1f, 2f});
    // TF v1 GRUCell, ONNX linear_before_reset=0: n = tanh(x·wn + (r·h)·un + bn), h' = z·h + (1 − z)·n
    // step 1 (h = 0): z = σ(0.5) = 0.622459331, r = σ(−0.4), n = tanh(1.2) = 0.833654607,
    //   h1 = (1 − z)·n = 0.314738518
    // step 2: z = σ(1 + 0.25·h1) = 0.746244981, r = σ(−1 + 0.5·h1 + 0.1) = 0.322429141,
    //   n = tanh(2 − r·h1 + 0.2) = 0.970365592, h2 = z·h1 + (1 − z)·n = 0.481107179
    assertArrayEquals(new float[] {0.31473852f, 0.48110718f}, r.outputs(), 1e-6f);
    assertEquals(0.48110718f, r.finalStates().get(0).h()[0], 1e-6f);
  }

  @Test
  void gruResetAfterAppliesTheResetGateToTheRecurrentProductAndItsBias() {
    UnrollResult r = run(RnnModel.of(Layer.of(gru(true))), 1, new float[] {1f, 2f});
    // PyTorch, Keras reset_after, ONNX linear_before_reset=1: n = tanh(x·wn + bn + r·(h·un + 0.3))
    // step 1 (h = 0): z = 0.622459331, r = σ(−0.4) = 0.401312340, n = tanh(1.2 + 0.3·r) = 0.866881803,
    //   h1 = (1 − z)·n = 0.327283136
    // step 2: z = σ(1 + 0.25·h1) = 0.746838395, r = σ(−0.9 + 0.5·h1) = 0.323800967,
    //   n = tanh(2.2 + r·(0.3 − h1)) = 0.975316073, h2 = z·h1 + (1 − z)·n = 0.491340194
    assertArrayEquals(new float[] {0.32728314f, 0.49134019f}, r.outputs(), 1e-6f);
    assertEquals(0.49134019f, r.finalStates().get(0).h()[0], 1e-6f);
  }

  @Test
  void gruOfTwoUnitsReadsItsKernelsAsContiguousGateBlocks() {
    // columns z0 z1 | r0 r1 | n0 n1; recurrent rows h0, h1; reset-before
    GruCell cell = new GruCell(1, 2, new float[] {0.5f, -0.25f, 0.3f, -0.6f, 1f, -1f},
        new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.6f, -0.5f, 0.4f, -0.3f, 0.2f, -0.1f},
        new float[] {0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, null, false, Activation.SIGMOID, Activation.TANH,
        Float.NaN);
    UnrollResult r = run(RnnModel.of(Layer.of(cell)), 1, new float[] {1f, -2f});
    // step 1, x = 1, h = 0: z = σ(0.5, −0.15), r = σ(0.5, −0.3), n = tanh(1.4, −0.5)
    //   = (0.885351648, −0.462117157); h1 = (1 − z)·n = (0.334256253, −0.248355552)
    // step 2, x = −2: z_j = σ(−2·wz_j + h1·R[:, z_j] + bz_j) = (0.246830636, 0.688052240),
    //   r = (0.401536922, 0.846603861), n_j = tanh(−2·wn_j + (r ⊙ h1)·R[:, n_j] + bn_j)
    //   = (−0.917808560, 0.989061301); h2 = z ⊙ h1 + (1 − z) ⊙ n = (−0.608760606, 0.137653863)
    assertArrayEquals(new float[] {0.33425625f, -0.24835555f, -0.60876061f, 0.13765386f}, r.outputs(), 1e-6f);
  }

  @Test
  void lengthZeroSequenceKeepsTheInitialStateAndHasNoOutputs() {
    SimpleRnnCell cell = new SimpleRnnCell(
        1, 1, new float[] {0.5f}, new float[] {0.25f}, new float[] {0.1f}, Activation.TANH, Float.NaN);
    Unroller unroller = new Unroller(PreparedModel.prepare(RnnModel.of(Layer.of(cell)), new ReferenceGemm()));
    SequenceBatch batch = SequenceBatch.of(1, new float[][] {{1f}, {}});
    UnrollResult r = unroller.unroll(
        batch, java.util.List.of(new CellState(new float[] {0.3f, 0.7f}, null)), true);
    assertEquals(0.7f, r.finalStates().get(0).h()[1]);
    assertEquals(1, r.outputs().length);
    assertArrayEquals(new float[] {0f, 0f, 0f}, r.paddedOutputs(1, 3));
  }
}
