package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.math.ReferenceGemm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A layer with only a backward stack (ONNX direction="reverse", Keras go_backwards). */
class BackwardOnlyLayerTest {

  private static final SimpleRnnCell CELL = new SimpleRnnCell(
      1, 1, new float[] {0.5f}, new float[] {0.25f}, new float[] {0.1f}, Activation.TANH, Float.NaN);

  @Test
  void runsEachSequenceReversedAndReturnsOutputsInInputOrder() {
    RnnModel model = RnnModel.of(Layer.backwardOnly(CELL));
    Unroller unroller = new Unroller(PreparedModel.prepare(model, new ReferenceGemm()));
    UnrollResult r = unroller.unroll(SequenceBatch.of(1, new float[][] {{1f, 2f}, {3f}}), true);
    // sequence 0 runs x=2 then x=1: h1 = tanh(1.1), h2 = tanh(0.5 + 0.25·h1 + 0.1)
    double h1 = Math.tanh(1.1);
    double h2 = Math.tanh(0.6 + 0.25 * h1);
    double single = Math.tanh(1.6);
    assertArrayEquals(new float[] {(float) h2, (float) h1, (float) single}, r.outputs(), 1e-6f);
    assertArrayEquals(new float[] {(float) h2, (float) single}, r.finalStates().get(0).h(), 1e-6f);
  }

  @Test
  void describesItsOnlySlotAsBackward() {
    Layer layer = Layer.backwardOnly(CELL);
    RnnModel model = RnnModel.of(layer);
    assertEquals(1, layer.directions());
    assertFalse(layer.isBidirectional());
    assertEquals(1, layer.outputSize());
    assertEquals(List.of(new RnnModel.Slot(0, 1, 0, CELL)), model.slots());
    assertEquals("layer 0 backward cell 0", model.slots().get(0).describe());
  }

  @Test
  void aLayerWithoutCellsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Layer(List.of(), List.of()));
  }
}
