package dev.unroll.reference.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.Cell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.keras.KerasLayers;
import dev.unroll.weights.torch.TorchLayers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch and Keras layouts checked against a real engine: each case's ONNX weights are rewritten in
 * the framework's layout (undoing the exporters' gate permutations), converted by
 * {@link TorchLayers} / {@link KerasLayers}, and the unroll must give ONNX Runtime's outputs for the
 * original ONNX node. ONNX GRU with {@code linear_before_reset=1} is PyTorch's GRU and Keras'
 * {@code reset_after=True}; {@code linear_before_reset=0} is Keras' {@code reset_after=False}.
 */
class FrameworkLayoutsAgreementTest {

  /** ONNX LSTM blocks i, o, f, c in PyTorch's and Keras' i, f, g(c), o order. */
  private static final int[] LSTM_FROM_ONNX = {0, 2, 3, 1};
  /** ONNX GRU blocks z, r, h in PyTorch's r, z, n order. */
  private static final int[] TORCH_GRU_FROM_ONNX = {1, 0, 2};

  static Stream<RnnCase> torchCases() {
    long seed = 5000;
    return Stream.of(
        RnnCase.of("LSTM").lengths().initialStates().build("torch LSTM", seed++),
        RnnCase.of("LSTM").direction("bidirectional").layers(2).lengths().initialStates()
            .build("torch LSTM 2 layers bidirectional", seed++),
        RnnCase.of("LSTM").noBias().direction("bidirectional").build("torch LSTM no bias", seed++),
        RnnCase.of("GRU").linearBeforeReset(1).lengths().initialStates().build("torch GRU", seed++),
        RnnCase.of("GRU").linearBeforeReset(1).direction("bidirectional").layers(2).lengths()
            .build("torch GRU 2 layers bidirectional", seed++),
        RnnCase.of("RNN").direction("bidirectional").layers(2).lengths().initialStates()
            .build("torch RNN tanh 2 layers bidirectional", seed++),
        RnnCase.of("RNN").activations("Relu").lengths().build("torch RNN relu", seed++));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("torchCases")
  void torchStateDictMatchesOnnxRuntime(RnnCase c) throws Exception {
    Map<String, Tensor> stateDict = new LinkedHashMap<>();
    int d = c.directions();
    int h = c.hidden();
    int gh = c.gates() * h;
    int[] order = switch (c.op()) {
      case "LSTM" -> LSTM_FROM_ONNX;
      case "GRU" -> TORCH_GRU_FROM_ONNX;
      default -> new int[] {0};
    };
    for (int k = 0; k < c.layers().size(); k++) {
      RnnCase.LayerWeights w = c.layers().get(k);
      int in = c.layerInput(k);
      for (int dir = 0; dir < d; dir++) {
        String sfx = "_l" + k + (dir == 1 ? "_reverse" : "");
        put(stateDict, "rnn.weight_ih" + sfx, rowBlocks(w.w(), dir * gh * in, h, in, order), gh, in);
        put(stateDict, "rnn.weight_hh" + sfx, rowBlocks(w.r(), dir * gh * h, h, h, order), gh, h);
        if (w.b() != null) {
          put(stateDict, "rnn.bias_ih" + sfx, rowBlocks(w.b(), dir * 2 * gh, h, 1, order), gh);
          put(stateDict, "rnn.bias_hh" + sfx, rowBlocks(w.b(), dir * 2 * gh + gh, h, 1, order), gh);
        }
      }
    }
    stateDict.put("fc.weight", Tensor.of("fc.weight", new float[6], 2, 3)); // another module: ignored
    Activation nonlinearity = c.activations().isEmpty() ? null : Activation.RELU;
    RnnModel model = TorchLayers.fromStateDict(stateDict, "rnn.", nonlinearity);
    assertAgrees(c, model);
  }

  static Stream<RnnCase> kerasCases() {
    long seed = 6000;
    return Stream.of(
        RnnCase.of("LSTM").lengths().initialStates().build("keras LSTM", seed++),
        RnnCase.of("LSTM").direction("bidirectional").lengths().build("keras LSTM Bidirectional", seed++),
        RnnCase.of("LSTM").direction("reverse").lengths().build("keras LSTM go_backwards", seed++),
        RnnCase.of("LSTM").activations("HardSigmoid", "Tanh", "Tanh").alphas(0.2f).betas(0.5f).lengths()
            .build("keras 2 LSTM hard_sigmoid", seed++),
        RnnCase.of("LSTM").activations("HardSigmoid", "Tanh", "Tanh").alphas(1f / 6f).betas(0.5f)
            .lengths().build("keras 3 LSTM hard_sigmoid", seed++),
        RnnCase.of("GRU").linearBeforeReset(1).lengths().initialStates().build("keras GRU reset_after", seed++),
        RnnCase.of("GRU").linearBeforeReset(1).direction("bidirectional").lengths()
            .build("keras GRU reset_after Bidirectional", seed++),
        RnnCase.of("GRU").linearBeforeReset(0).lengths().initialStates()
            .build("keras GRU reset_before", seed++),
        RnnCase.of("GRU").linearBeforeReset(0).activations("HardSigmoid", "Tanh").alphas(0.2f).betas(0.5f)
            .direction("reverse").lengths().build("keras 2 GRU reset_before hard_sigmoid go_backwards", seed++),
        RnnCase.of("RNN").lengths().initialStates().build("keras SimpleRNN", seed++),
        RnnCase.of("RNN").activations("Relu").lengths().build("keras SimpleRNN relu", seed++));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kerasCases")
  void kerasWeightsMatchOnnxRuntime(RnnCase c) throws Exception {
    int[] order = c.op().equals("LSTM") ? LSTM_FROM_ONNX : c.op().equals("GRU") ? new int[] {0, 1, 2}
        : new int[] {0};
    KerasLayers.Kind kind = switch (c.op()) {
      case "LSTM" -> KerasLayers.Kind.LSTM;
      case "GRU" -> KerasLayers.Kind.GRU;
      default -> KerasLayers.Kind.SIMPLE_RNN;
    };
    String recurrent = "sigmoid";
    int version = 3;
    if (c.activations().contains("HardSigmoid")) {
      recurrent = "hard_sigmoid";
      version = c.alphas().get(0) == 0.2f ? 2 : 3;
    }
    String activation = c.activations().contains("Relu") ? "relu" : "tanh";
    KerasLayers.Config config = new KerasLayers.Config(activation, recurrent, version,
        c.direction().equals("reverse"), c.linearBeforeReset() == 1);
    List<Cell> cells = new ArrayList<>();
    for (int dir = 0; dir < c.directions(); dir++) {
      Tensor[] t = kerasTensors(c, dir, order, kind, config);
      cells.add(KerasLayers.cell("rnn", kind, config, t[0], t[1], t[2]));
    }
    Tensor[] t = kerasTensors(c, 0, order, kind, config);
    Layer layer = c.directions() == 2 ? KerasLayers.bidirectional(cells.get(0), cells.get(1))
        : KerasLayers.layer("rnn", kind, config, t[0], t[1], t[2]);
    assertAgrees(c, RnnModel.of(layer));
  }

  /** kernel, recurrent_kernel and bias of direction {@code dir} of the case's first node, Keras-style. */
  private static Tensor[] kerasTensors(RnnCase c, int dir, int[] order, KerasLayers.Kind kind,
      KerasLayers.Config config) {
    RnnCase.LayerWeights w = c.layers().get(0);
    int h = c.hidden();
    int gh = c.gates() * h;
    int in = c.input();
    Tensor kernel = Tensor.of("kernel", transpose(rowBlocks(w.w(), dir * gh * in, h, in, order), gh, in), in, gh);
    Tensor recurrentKernel =
        Tensor.of("recurrent_kernel", transpose(rowBlocks(w.r(), dir * gh * h, h, h, order), gh, h), h, gh);
    float[] wb = rowBlocks(w.b(), dir * 2 * gh, h, 1, order);
    float[] rb = rowBlocks(w.b(), dir * 2 * gh + gh, h, 1, order);
    Tensor bias;
    if (kind == KerasLayers.Kind.GRU && config.resetAfter()) {
      float[] both = new float[2 * gh];
      System.arraycopy(wb, 0, both, 0, gh);
      System.arraycopy(rb, 0, both, gh, gh);
      bias = Tensor.of("bias", both, 2, gh);
    } else {
      float[] sum = new float[gh];
      for (int j = 0; j < gh; j++) {
        sum[j] = wb[j] + rb[j];
      }
      bias = Tensor.of("bias", sum, gh);
    }
    return new Tensor[] {kernel, recurrentKernel, bias};
  }

  private static void assertAgrees(RnnCase c, RnnModel model) throws Exception {
    double error = Engines.maxAbsDiff(Engines.onnxRuntime(c), Engines.ours(c, model));
    assertTrue(error <= OnnxRuntimeAgreementTest.TOLERANCE, c + ": largest absolute error " + error);
  }

  private static void put(Map<String, Tensor> dict, String name, float[] values, int... shape) {
    dict.put(name, Tensor.of(name, values, shape));
  }

  /**
   * Rows {@code [order.length·units, cols]} from {@code src[offset ..]}: row block b of the result is
   * row block {@code order[b]} of the source.
   */
  static float[] rowBlocks(float[] src, int offset, int units, int cols, int[] order) {
    float[] out = new float[order.length * units * cols];
    for (int b = 0; b < order.length; b++) {
      System.arraycopy(src, offset + order[b] * units * cols, out, b * units * cols, units * cols);
    }
    return out;
  }

  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int col = 0; col < cols; col++) {
        t[col * rows + r] = m[r * cols + col];
      }
    }
    return t;
  }
}
