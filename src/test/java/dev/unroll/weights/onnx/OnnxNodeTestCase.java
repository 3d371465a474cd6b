package dev.unroll.weights.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of ONNX's backend node tests in {@code src/test/resources/testdata/onnx-node-tests/}: {@code model.onnx}
 * and {@code test_data_set_0/input_N.pb}, {@code output_N.pb} (serialized TensorProtos, named after the
 * graph's inputs and outputs).
 */
record OnnxNodeTestCase(String dir, OnnxModel model, byte[] modelBytes, List<OnnxTensor> inputs,
    List<OnnxTensor> outputs) {

  static final Path ROOT = Path.of("src", "test", "resources", "testdata", "onnx-node-tests");

  /** Every test directory of the suite, as index.json lists them. */
  static final List<String> ALL = List.of(
      "test_gru_batchwise", "test_gru_defaults", "test_gru_seq_length", "test_gru_with_initial_bias",
      "test_lstm_batchwise", "test_lstm_defaults", "test_lstm_with_initial_bias",
      "test_lstm_with_peepholes", "test_rnn_seq_length", "test_simple_rnn_batchwise",
      "test_simple_rnn_defaults", "test_simple_rnn_with_initial_bias");

  /**
   * The outputs each test's {@code test_data_set_0} holds ({@code output_0.pb}, {@code output_1.pb}, ...
   * in order), written down from the data set rather than found by listing it, so a missing or
   * unreadable file fails the comparison instead of shrinking it.
   */
  static final Map<String, List<String>> EXPECTED_OUTPUTS = Map.ofEntries(
      Map.entry("test_gru_batchwise", List.of("Y", "Y_h")),
      Map.entry("test_gru_defaults", List.of("Y_h")),
      Map.entry("test_gru_seq_length", List.of("Y_h")),
      Map.entry("test_gru_with_initial_bias", List.of("Y_h")),
      Map.entry("test_lstm_batchwise", List.of("Y", "Y_h")),
      Map.entry("test_lstm_defaults", List.of("Y_h")),
      Map.entry("test_lstm_with_initial_bias", List.of("Y_h")),
      Map.entry("test_lstm_with_peepholes", List.of("Y_h")),
      Map.entry("test_rnn_seq_length", List.of("Y_h")),
      Map.entry("test_simple_rnn_batchwise", List.of("Y", "Y_h")),
      Map.entry("test_simple_rnn_defaults", List.of("Y_h")),
      Map.entry("test_simple_rnn_with_initial_bias", List.of("Y_h")));

  static OnnxNodeTestCase load(String dir) throws IOException {
    Path base = ROOT.resolve(dir);
    Path modelFile = base.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(modelFile);
    OnnxModel model = OnnxProtoParser.parseModel(modelFile.toString(), bytes);
    return new OnnxNodeTestCase(dir, model, bytes, tensors(base, "input_"), tensors(base, "output_"));
  }

  private static List<OnnxTensor> tensors(Path base, String prefix) throws IOException {
    List<OnnxTensor> out = new ArrayList<>();
    for (int k = 0; ; k++) {
      Path p = base.resolve("test_data_set_0").resolve(prefix + k + ".pb");
      if (!Files.exists(p)) {
        return out;
      }
      out.add(OnnxProtoParser.parseTensorFile(p.toString(), Files.readAllBytes(p)));
    }
  }

  OnnxTensor input(String name) {
    return inputs.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  OnnxTensor output(String name) {
    return outputs.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }
}
