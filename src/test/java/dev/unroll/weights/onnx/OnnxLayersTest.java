package dev.unroll.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation.Kind;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.onnx.OnnxLayers.Operator;
import dev.unroll.weights.onnx.OnnxRnnAttributes.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-checkable ONNX conversions: one unit, one input, each weight a distinct number. */
class OnnxLayersTest {

  private static final OnnxRnnAttributes FORWARD = OnnxRnnAttributes.DEFAULT;

  private static OnnxRnnAttributes attributes(Direction d, List<String> activations, List<Float> alphas,
      List<Float> betas) {
    return new OnnxRnnAttributes(d, 0, activations, alphas, betas, Float.NaN, 0, 0);
  }

  @Test
  void lstmBlocksIofcBecomeIfgoAndPeepholesIofBecomeIfo() {
    Layer layer = OnnxLayers.layer("LSTM", Operator.LSTM, FORWARD,
        Tensor.of("W", new float[] {1, 2, 3, 4}, 1, 4, 1),
        Tensor.of("R", new float[] {5, 6, 7, 8}, 1, 4, 1),
        Tensor.of("B", new float[] {10, 20, 30, 40, 1, 2, 3, 4}, 1, 8),
        Tensor.of("P", new float[] {0.1f, 0.2f, 0.3f}, 1, 3));
    LstmCell cell = (LstmCell) layer.forward().get(0);
    assertArrayEquals(new float[] {1, 3, 4, 2}, cell.inputKernel());
    assertArrayEquals(new float[] {5, 7, 8, 6}, cell.recurrentKernel());
    assertArrayEquals(new float[] {11, 33, 44, 22}, cell.bias());
    assertArrayEquals(new float[] {0.1f, 0.3f, 0.2f}, cell.peepholes());
  }

  @Test
  void gruLinearBeforeResetKeepsTheCandidateRecurrentBiasApart() {
    Tensor w = Tensor.of("W", new float[] {1, 2, 3}, 1, 3, 1);
    Tensor r = Tensor.of("R", new float[] {4, 5, 6}, 1, 3, 1);
    Tensor b = Tensor.of("B", new float[] {10, 20, 30, 1, 2, 3}, 1, 6);
    OnnxRnnAttributes after = new OnnxRnnAttributes(Direction.FORWARD, 0, List.of(), List.of(), List.of(),
        Float.NaN, 1, 0);
    GruCell resetAfter = (GruCell) OnnxLayers.layer("GRU", Operator.GRU, after, w, r, b, null).forward().get(0);
    GruCell resetBefore = (GruCell) OnnxLayers.layer("GRU", Operator.GRU, FORWARD, w, r, b, null).forward().get(0);

    assertTrue(resetAfter.resetAfter());
    assertArrayEquals(new float[] {11, 22, 30}, resetAfter.bias());
    assertArrayEquals(new float[] {3}, resetAfter.recurrentCandidateBias());
    assertArrayEquals(new float[] {1, 2, 3}, resetAfter.inputKernel());
    assertArrayEquals(new float[] {11, 22, 33}, resetBefore.bias());
    assertNull(resetBefore.recurrentCandidateBias());
  }

  @Test
  void outTimesInMatricesAreTransposedPerDirection() {
    // W [2, 2, 3]: direction 0 = [[1,2,3],[4,5,6]], direction 1 = [[7,8,9],[10,11,12]]
    float[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    Layer layer = OnnxLayers.layer("RNN", Operator.RNN, FORWARD.withDirection(Direction.BIDIRECTIONAL),
        Tensor.of("W", w, 2, 2, 3), Tensor.of("R", new float[8], 2, 2, 2), null, null);
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, ((SimpleRnnCell) layer.forward().get(0)).inputKernel());
    assertArrayEquals(new float[] {7, 10, 8, 11, 9, 12}, ((SimpleRnnCell) layer.backward().get(0)).inputKernel());
    assertArrayEquals(new float[2], ((SimpleRnnCell) layer.forward().get(0)).bias());
  }

  @Test
  void reverseDirectionIsABackwardOnlyLayer() {
    Layer layer = OnnxLayers.layer("RNN", Operator.RNN, FORWARD.withDirection(Direction.REVERSE),
        Tensor.of("W", new float[] {1}, 1, 1, 1), Tensor.of("R", new float[] {2}, 1, 1, 1), null, null);
    assertTrue(layer.forward().isEmpty());
    assertEquals(1, layer.backward().size());
  }

  @Test
  void activationParametersAreConsumedInFunctionOrderForwardFirst() {
    OnnxRnnAttributes a = attributes(Direction.BIDIRECTIONAL,
        List.of("Sigmoid", "LeakyRelu", "Tanh", "HardSigmoid", "Elu", "ScaledTanh"),
        List.of(0.2f, 0.25f, 0.9f, 1.1f), List.of(0.45f, 0.7f));
    Layer layer = OnnxLayers.layer("LSTM", Operator.LSTM, a, Tensor.of("W", new float[8], 2, 4, 1),
        Tensor.of("R", new float[8], 2, 4, 1), null, null);
    LstmCell.Options fw = ((LstmCell) layer.forward().get(0)).options();
    LstmCell.Options bw = ((LstmCell) layer.backward().get(0)).options();
    assertEquals(new Activation(Kind.LEAKY_RELU, 0.2f, 0f), fw.candidate());
    assertEquals(new Activation(Kind.HARD_SIGMOID, 0.25f, 0.45f), bw.gate());
    assertEquals(new Activation(Kind.ELU, 0.9f, 0f), bw.candidate());
    assertEquals(new Activation(Kind.SCALED_TANH, 1.1f, 0.7f), bw.output());
  }

  @Test
  void missingParametersTakeTheDefaultsSpecAndOnnxRuntimeAgreeOn() {
    OnnxRnnAttributes a = attributes(Direction.FORWARD, List.of("HardSigmoid", "LeakyRelu", "Elu"),
        List.of(), List.of());
    LstmCell cell = (LstmCell) OnnxLayers.layer("LSTM", Operator.LSTM, a, Tensor.of("W", new float[4], 1, 4, 1),
        Tensor.of("R", new float[4], 1, 4, 1), null, null).forward().get(0);
    assertEquals(new Activation(Kind.HARD_SIGMOID, 0.2f, 0.5f), cell.options().gate());
    assertEquals(new Activation(Kind.LEAKY_RELU, 0.01f, 0f), cell.options().candidate());
    assertEquals(new Activation(Kind.ELU, 1f, 0f), cell.options().output());
  }

  @Test
  void parametersWhoseDefaultOnnxRuntimeReadsDifferentlyAreRefused() {
    // ThresholdedRelu: the spec's default alpha is 1, ONNX Runtime's 0
    assertRefused(Operator.GRU, attributes(Direction.FORWARD, List.of("Sigmoid", "ThresholdedRelu"), List.of(),
        List.of()), "ThresholdedRelu needs an explicit value in activation_alpha");
    // ONNX Runtime's RNN operator defaults LeakyRelu's alpha to 0, the spec to 0.01
    assertRefused(Operator.RNN, attributes(Direction.FORWARD, List.of("LeakyRelu"), List.of(), List.of()),
        "LeakyRelu needs an explicit value");
  }

  @Test
  void badAttributesAndShapesAreRefusedByName() {
    assertRefused(Operator.LSTM, new OnnxRnnAttributes(Direction.FORWARD, 0, List.of(), List.of(), List.of(),
        Float.NaN, 0, 1), "input_forget=1 is not supported");
    assertRefused(Operator.GRU, attributes(Direction.FORWARD, List.of("Sigmoid", "Gelu"), List.of(), List.of()),
        "unknown activation 'Gelu'");
    assertRefused(Operator.GRU, attributes(Direction.FORWARD, List.of("Sigmoid"), List.of(), List.of()),
        "activations should list 2 functions");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxLayers.layer(
        "GRU node 'g'", Operator.GRU, FORWARD, Tensor.of("W", new float[4], 1, 4, 1),
        Tensor.of("R", new float[3], 1, 3, 1), null, null));
    assertTrue(e.getMessage().contains("GRU node 'g': tensor W should have shape [1, 3, 1], found [1, 4, 1]"),
        e.getMessage());
  }

  private static void assertRefused(Operator op, OnnxRnnAttributes a, String message) {
    int g = op == Operator.LSTM ? 4 : op == Operator.GRU ? 3 : 1;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxLayers.layer(
        op + " node", op, a, Tensor.of("W", new float[g], 1, g, 1), Tensor.of("R", new float[g], 1, g, 1),
        null, null));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
