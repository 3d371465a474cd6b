package dev.unroll.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-checkable PyTorch state_dict conversions. */
class TorchLayersTest {

  private static Map<String, Tensor> dict(Object... nameValuesShape) {
    Map<String, Tensor> d = new LinkedHashMap<>();
    for (int k = 0; k < nameValuesShape.length; k += 3) {
      String name = (String) nameValuesShape[k];
      d.put(name, Tensor.of(name, (float[]) nameValuesShape[k + 1], (int[]) nameValuesShape[k + 2]));
    }
    return d;
  }

  @Test
  void gruRowsRznBecomeColumnsZrnWithTheCandidateRecurrentBiasApart() {
    RnnModel model = TorchLayers.fromStateDict(dict(
        "gru.weight_ih_l0", new float[] {1, 2, 3}, new int[] {3, 1},
        "gru.weight_hh_l0", new float[] {4, 5, 6}, new int[] {3, 1},
        "gru.bias_ih_l0", new float[] {10, 20, 30}, new int[] {3},
        "gru.bias_hh_l0", new float[] {1, 2, 3}, new int[] {3}), "gru.", null);
    GruCell cell = (GruCell) model.layers().get(0).forward().get(0);
    assertArrayEquals(new float[] {2, 1, 3}, cell.inputKernel());
    assertArrayEquals(new float[] {5, 4, 6}, cell.recurrentKernel());
    assertArrayEquals(new float[] {22, 11, 30}, cell.bias());
    assertArrayEquals(new float[] {3}, cell.recurrentCandidateBias());
    assertTrue(cell.resetAfter());
  }

  @Test
  void projectedLstmSizesComeFromTheShapesAndWeightHrIsTransposed() {
    // I = 1, H = 2, P = 1: weight_ih [8, 1], weight_hh [8, 1], weight_hr [1, 2]
    float[] ih = {1, 2, 3, 4, 5, 6, 7, 8};
    RnnModel model = TorchLayers.fromStateDict(dict(
        "weight_ih_l0", ih, new int[] {8, 1},
        "weight_hh_l0", new float[8], new int[] {8, 1},
        "weight_hr_l0", new float[] {0.5f, -0.5f}, new int[] {1, 2}), "", null);
    LstmCell cell = (LstmCell) model.layers().get(0).forward().get(0);
    assertEquals(2, cell.units());
    assertEquals(1, cell.projSize());
    assertArrayEquals(ih, cell.inputKernel()); // one input row: i, f, g, o blocks stay in place
    assertArrayEquals(new float[] {0.5f, -0.5f}, cell.projection());
    assertArrayEquals(new float[8], cell.bias());
  }

  @Test
  void bidirectionalStackFeedsTheSecondLayerBothDirections() {
    Map<String, Tensor> d = new LinkedHashMap<>();
    for (String sfx : new String[] {"_l0", "_l0_reverse", "_l1", "_l1_reverse"}) {
      int in = sfx.startsWith("_l0") ? 3 : 4;
      d.putAll(dict("rnn.weight_ih" + sfx, new float[2 * in], new int[] {2, in},
          "rnn.weight_hh" + sfx, new float[4], new int[] {2, 2}));
    }
    RnnModel model = TorchLayers.fromStateDict(d, "rnn.", Activation.RELU);
    assertEquals(2, model.layers().size());
    assertTrue(model.layers().get(1).isBidirectional());
    assertEquals(4, model.layers().get(1).inputSize());
    assertEquals(Activation.RELU, ((SimpleRnnCell) model.layers().get(1).backward().get(0)).activation());
  }

  @Test
  void missingAndMisshapenTensorsAreNamed() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () ->
        TorchLayers.fromStateDict(dict(
            "lstm.weight_ih_l0", new float[4], new int[] {4, 1},
            "lstm.weight_hh_l0", new float[4], new int[] {4, 1},
            "lstm.weight_ih_l1", new float[4], new int[] {4, 1}), "lstm.", null));
    assertTrue(missing.getMessage().contains("tensor lstm.weight_hh_l1 is missing"), missing.getMessage());

    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () ->
        TorchLayers.fromStateDict(dict(
            "lstm.weight_ih_l0", new float[4], new int[] {4, 1},
            "lstm.weight_hh_l0", new float[4], new int[] {4, 1},
            "lstm.bias_ih_l0", new float[3], new int[] {3},
            "lstm.bias_hh_l0", new float[4], new int[] {4}), "lstm.", null));
    assertTrue(shape.getMessage().contains("tensor lstm.bias_ih_l0 should have shape [4], found [3]"),
        shape.getMessage());

    IllegalArgumentException stray = assertThrows(IllegalArgumentException.class, () ->
        TorchLayers.fromStateDict(dict("lstm.weight_ih_l0", new float[4], new int[] {4, 1},
            "lstm.weight_hh_l0", new float[4], new int[] {4, 1},
            "lstm.weight_xx_l0", new float[1], new int[] {1}), "lstm.", null));
    assertTrue(stray.getMessage().contains("unexpected tensor lstm.weight_xx_l0"), stray.getMessage());
  }
}
