package dev.unroll.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Finding the chain of recurrent nodes in real exported graphs, and refusing graphs it cannot run. */
public class OnnxRecurrentStackTest {
  public static final Path TORCH = Path.of("src", "test", "resources", "fixtures", "torch");
  static final List<String> NODE_TESTS = OnnxNodeTestCase.ALL;

  /** The torch fixture folder, reached through a WeightSource as the loader reaches it. */
  static OnnxExternalData.Files torchFiles() {
    return OnnxExternalData.siblingsOf(LocalWeightSource.of(TORCH.resolve("model.onnx")));
  }

  static OnnxModel torchModel(String file) throws Exception {
    Path p = TORCH.resolve(file);
    return OnnxFiles.read(p.toString(), Files.readAllBytes(p), torchFiles());
  }

  /** Every input of a node test but X and sequence_lens, as constants. */
  static Map<String, OnnxTensor> weightsOf(OnnxNodeTestCase test) {
    Map<String, OnnxTensor> bound = new HashMap<>();
    for (OnnxTensor t : test.inputs()) {
      if (!t.name().equals("X") && !t.name().equals("sequence_lens")) {
        bound.put(t.name(), t);
      }
    }
    return bound;
  }

  @ParameterizedTest
  @FieldSource("NODE_TESTS")
  void eachNodeTestIsOneLayerReadingX(String dir) throws Exception {
    OnnxNodeTestCase test = OnnxNodeTestCase.load(dir);
    OnnxRecurrentStack stack = OnnxRecurrentStack.find(test.model(), weightsOf(test));
    assertEquals(1, stack.layers().size());
    assertEquals("X", stack.input());
    assertEquals(dir.endsWith("_batchwise") ? 1 : 0, stack.layers().get(0).layout());
    assertEquals(dir.endsWith("_batchwise"), stack.batchMajorInput());
    assertEquals(dir.equals("test_lstm_with_peepholes") ? "sequence_lens" : null, stack.sequenceLengths());
  }

  @Test
  void pytorchBidirectionalLstmIsTwoLayersJoinedByTransposeAndReshape() throws Exception {
    OnnxRecurrentStack stack = OnnxRecurrentStack.find(torchModel("lstm_2layer_bidirectional.onnx"), Map.of());
    assertEquals(2, stack.layers().size());
    assertEquals("x", stack.input());
    assertFalse(stack.batchMajorInput());
    assertArrayEquals(new long[] {2, 20, 10}, stack.layers().get(1).w().dims());
    assertNull(stack.layers().get(0).p());
  }

  @Test
  void pytorchStackedRnnJoinsLayersWithASqueeze() throws Exception {
    OnnxRecurrentStack stack = OnnxRecurrentStack.find(torchModel("rnn_relu_2layer.onnx"), Map.of());
    assertEquals(2, stack.layers().size());
    assertEquals(List.of("Relu"), stack.layers().get(1).node().attributes().get("activations").strings());
  }

  @Test
  void batchFirstExportIsRecognisedAsBatchMajorInput() throws Exception {
    OnnxRecurrentStack stack = OnnxRecurrentStack.find(torchModel("gru_2layer_bidirectional.onnx"), Map.of());
    assertEquals(2, stack.layers().size());
    assertTrue(stack.batchMajorInput());
    assertEquals(1, stack.layers().get(0).node().attributes().get("linear_before_reset").i());
  }

  @Test
  void externalDataReadsTheSameWeightsAsTheEmbeddedModel() throws Exception {
    OnnxRecurrentStack embedded = OnnxRecurrentStack.find(torchModel("lstm_2layer_bidirectional.onnx"), Map.of());
    OnnxRecurrentStack external = OnnxRecurrentStack.find(torchModel("lstm_external.onnx"), Map.of());
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(embedded.layers().get(k).w().toFloats(), external.layers().get(k).w().toFloats());
      assertArrayEquals(embedded.layers().get(k).b().toFloats(), external.layers().get(k).b().toFloats());
    }
    assertTrue(torchModel("lstm_external.onnx").graph().initializers().values().stream()
        .allMatch(t -> t.values() instanceof OnnxTensor.Raw));
  }

  @Test
  void externalDataOutsideTheFolderIsRefused() throws Exception {
    for (String location : List.of("../secret.bin", "/etc/passwd", "sub/../../x", "..")) {
      OnnxTensor t = new OnnxTensor("m.onnx", "W", OnnxDataType.FLOAT, new long[] {1},
          new OnnxTensor.External(location, 0, 4));
      WeightsException e = assertThrows(WeightsException.class,
          () -> OnnxExternalData.resolve(t, torchFiles()));
      assertTrue(e.getMessage().contains("m.onnx") && e.getMessage().contains("refusing"), e.getMessage());
    }
  }

  @Test
  void externalDataLongerThanItsFileIsRefusedBeforeReading() {
    OnnxTensor t = new OnnxTensor("m.onnx", "W", OnnxDataType.FLOAT, new long[] {1L << 28},
        new OnnxTensor.External("lstm_external.onnx.data", 0, 4L << 28));
    WeightsException e = assertThrows(WeightsException.class,
        () -> OnnxExternalData.resolve(t, torchFiles()));
    assertTrue(e.getMessage().contains("has only"), e.getMessage());
  }
}
