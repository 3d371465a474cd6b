package dev.unroll.weights.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.math.Activation;
import dev.unroll.math.Gemms;
import dev.unroll.model.ModelHints;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.VectorPath;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.NpzFixture;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.keras.KerasFixturesTest;
import dev.unroll.weights.onnx.OnnxRecurrentStackTest;
import dev.unroll.weights.onnx.TorchOnnxFixturesTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@link Models#load} picks the format of every PyTorch and Keras fixture by itself, and the model it
 * builds reproduces the fixture's expected outputs within 1e-5: ONNX through our reader, safetensors
 * and npz state_dicts through the loaders' readers and {@link dev.unroll.weights.torch.TorchLayers},
 * Keras files through jhdf.
 */
class FrameworkModelsLoadTest {
  static final Path TORCH = OnnxRecurrentStackTest.TORCH;

  /** File, fixture, format recorded in the provenance. */
  static final List<String[]> TORCH_FILES = List.of(
      new String[] {"rnn_tanh.onnx", "rnn_tanh", "onnx"},
      new String[] {"rnn_tanh.safetensors", "rnn_tanh", "safetensors (PyTorch state_dict)"},
      new String[] {"rnn_tanh.state_dict.npz", "rnn_tanh", "npz (PyTorch state_dict)"},
      new String[] {"rnn_relu_2layer.onnx", "rnn_relu_2layer", "onnx"},
      new String[] {"rnn_relu_2layer.safetensors", "rnn_relu_2layer", "safetensors (PyTorch state_dict)"},
      new String[] {"rnn_relu_2layer.state_dict.npz", "rnn_relu_2layer", "npz (PyTorch state_dict)"},
      new String[] {"lstm_2layer_bidirectional.onnx", "lstm_2layer_bidirectional", "onnx"},
      new String[] {"lstm_2layer_bidirectional.safetensors", "lstm_2layer_bidirectional",
          "safetensors (PyTorch state_dict)"},
      new String[] {"lstm_2layer_bidirectional.state_dict.npz", "lstm_2layer_bidirectional",
          "npz (PyTorch state_dict)"},
      new String[] {"lstm_external.onnx", "lstm_2layer_bidirectional", "onnx"},
      new String[] {"lstm_proj.safetensors", "lstm_proj", "safetensors (PyTorch state_dict)"},
      new String[] {"lstm_proj.state_dict.npz", "lstm_proj", "npz (PyTorch state_dict)"},
      new String[] {"gru_2layer_bidirectional.onnx", "gru_2layer_bidirectional", "onnx"},
      new String[] {"gru_2layer_bidirectional.safetensors", "gru_2layer_bidirectional",
          "safetensors (PyTorch state_dict)"},
      new String[] {"gru_2layer_bidirectional.state_dict.npz", "gru_2layer_bidirectional",
          "npz (PyTorch state_dict)"});

  @ParameterizedTest
  @FieldSource("TORCH_FILES")
  void pytorchFixtureLoadsAndReproducesPyTorch(String file, String fixture, String format) throws Exception {
    // nn.RNN's nonlinearity is not in a state_dict; ONNX files record it
    boolean relu = fixture.contains("relu") && !file.endsWith(".onnx");
    ModelHints hints = relu ? new ModelHints(null, null, Activation.RELU, null, null, null) : ModelHints.NONE;
    LoadedModel loaded = Models.load(LocalWeightSource.of(TORCH.resolve(file)), hints);
    assertEquals(format, loaded.provenance().format());
    Map<String, NpzFixture.Array> in = NpzFixture.read(TORCH.resolve("inputs.npz"));
    Map<String, NpzFixture.Array> want = NpzFixture.read(TORCH.resolve(fixture + ".expected.npz"));
    int[] lengths = in.get("lengths").ints();
    UnrollResult u = new Unroller(PreparedModel.prepare(loaded.model(), VectorPath.gemm()))
        .unroll(new SequenceBatch(lengths.length, 3, lengths, in.get("x").values()), true);
    TorchOnnxFixturesTest.assertClose(file + " outputs", want.get("outputs").values(), u.outputs());
    TorchOnnxFixturesTest.assertStatesClose(file, fixture, want, u);
  }

  @Test
  void kerasFilesLoadThroughModelsLoad() throws Exception {
    for (String f : List.of("keras2_lstm_gru.h5", "keras2_bidirectional_split.h5",
        "keras3_functional_rnn_gru.keras")) {
      LoadedModel viaModels = Models.load(LocalWeightSource.of(KerasFixturesTest.DIR.resolve(f)), ModelHints.NONE);
      LoadedModel direct = KerasFixturesTest.load(f).loaded();
      assertEquals(direct.model().describe(), viaModels.model().describe(), f);
      assertEquals(f.endsWith(".keras") ? "keras" : "keras-h5", viaModels.provenance().format());
    }
  }

  @Test
  void aKerasModelWithAnEmbeddingCarriesItsTableForTokenIds() throws Exception {
    LoadedModel loaded = Models.load(
        LocalWeightSource.of(KerasFixturesTest.DIR.resolve("keras3_embedding_bigru_lstm.keras")), ModelHints.NONE);
    assertEquals(10, loaded.embedding().vocabulary());
    assertEquals(3, loaded.embedding().dimension());
    assertEquals(loaded.model().inputSize(), loaded.embedding().dimension());
  }

  @Test
  void aUnitsHintThatContradictsTheFileShowsBoth() {
    WeightsException e = assertThrows(WeightsException.class, () -> Models.load(
        LocalWeightSource.of(TORCH.resolve("lstm_2layer_bidirectional.onnx")),
        new ModelHints(null, 7, null, null, null, null)));
    assertTrue(e.getMessage().contains("units hint says 7") && e.getMessage().contains("has 5"), e.getMessage());
  }

  @Test
  void aForgetBiasHintIsRefusedForFilesThatStoreTheWholeCell() {
    WeightsException e = assertThrows(WeightsException.class, () -> Models.load(
        LocalWeightSource.of(TORCH.resolve("gru_2layer_bidirectional.safetensors")),
        new ModelHints(null, null, null, 1f, null, null)));
    assertTrue(e.getMessage().contains("forget_bias"), e.getMessage());
  }
}
