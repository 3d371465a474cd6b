package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
