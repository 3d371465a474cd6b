package dev.unroll.weights.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.weights.Tensor;
import org.junit.jupiter.api.Test;

/** Hand-checkable Keras conversions. */
class KerasLayersTest {

  private static final Tensor GRU_KERNEL = Tensor.of("kernel", new float[] {1, 2, 3}, 1, 3);
  private static final Tensor GRU_RECURRENT = Tensor.of("recurrent_kernel", new float[] {4, 5, 6}, 1, 3);

  @Test
  void gruResetAfterSplitsTheTwoRowBias() {
    KerasLayers.Config config = KerasLayers.Config.defaults(3);
    GruCell cell = (GruCell) KerasLayers.cell("gru", KerasLayers.Kind.GRU, config, GRU_KERNEL, GRU_RECURRENT,
        Tensor.of("bias", new float[] {10, 20, 30, 1, 2, 3}, 2, 3));
    assertArrayEquals(new float[] {1, 2, 3}, cell.inputKernel());
    assertArrayEquals(new float[] {11, 22, 30}, cell.bias());
    assertArrayEquals(new float[] {3}, cell.recurrentCandidateBias());
  }

  @Test
  void gruResetBeforeTakesTheSingleBiasAsIs() {
    KerasLayers.Config config = new KerasLayers.Config("tanh", "hard_sigmoid", 2, false, false);
    GruCell cell = (GruCell) KerasLayers.cell("gru", KerasLayers.Kind.GRU, config, GRU_KERNEL, GRU_RECURRENT,
        Tensor.of("bias", new float[] {10, 20, 30}, 3));
    assertArrayEquals(new float[] {10, 20, 30}, cell.bias());
    assertNull(cell.recurrentCandidateBias());
  }

  @Test
  void gruBiasShapeMustMatchResetAfter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasLayers.cell("gru_1",
        KerasLayers.Kind.GRU, KerasLayers.Config.defaults(3), GRU_KERNEL, GRU_RECURRENT,
        Tensor.of("bias", new float[3], 3)));
    assertTrue(e.getMessage().contains("Keras GRU layer 'gru_1' (reset_after=True): tensor bias should have"
        + " shape [2, 3], found [3]"), e.getMessage());
  }

  @Test
  void hardSigmoidFollowsTheKerasMajorVersion() {
    Activation keras2 = KerasLayers.activation("lstm", "recurrent_activation", "hard_sigmoid", 2);
    Activation keras3 = KerasLayers.activation("lstm", "recurrent_activation", "hard_sigmoid", 3);
    assertEquals(0f, keras2.apply(-2.5f));
    assertEquals(0.0833333f, keras3.apply(-2.5f), 1e-6f); // TF 2.16's value (tensorflow#65381)
    assertEquals(1f, keras2.apply(2.5f));
    assertEquals(0.9166667f, keras3.apply(2.5f), 1e-6f);
  }

  @Test
  void lstmKeepsIfcoColumnsAndGoBackwardsRunsBackwardOnly() {
    float[] kernel = {1, 2, 3, 4};
    KerasLayers.Config config = new KerasLayers.Config("tanh", "sigmoid", 3, true, true);
    Layer layer = KerasLayers.layer("lstm", KerasLayers.Kind.LSTM, config, Tensor.of("kernel", kernel, 1, 4),
        Tensor.of("recurrent_kernel", new float[4], 1, 4), Tensor.of("bias", new float[] {0, 1, 0, 0}, 4));
    assertTrue(layer.forward().isEmpty());
    LstmCell cell = (LstmCell) layer.backward().get(0);
    assertArrayEquals(kernel, cell.inputKernel());
    assertArrayEquals(new float[] {0, 1, 0, 0}, cell.bias()); // unit_forget_bias is already stored
  }

  @Test
  void unsupportedActivationIsRefusedNamingTheLayer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasLayers.cell("rnn_7",
        KerasLayers.Kind.SIMPLE_RNN, new KerasLayers.Config("gelu", "sigmoid", 3, false, true),
        Tensor.of("kernel", new float[1], 1, 1), Tensor.of("recurrent_kernel", new float[1], 1, 1), null));
    assertTrue(e.getMessage().contains("Keras SIMPLE_RNN layer 'rnn_7': activation 'gelu' is not supported"),
        e.getMessage());
  }
}
