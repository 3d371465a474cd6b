package dev.unroll.reference.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX RNN, LSTM and GRU nodes converted by {@code OnnxLayers} and run by our unroll give ONNX Runtime's
 * Y, Y_h and Y_c within 1e-5, over random shapes (input 1..300, units 1..256, batch 1..64, steps
 * 1..100, drawn from a seed per case) and every option ONNX Runtime implements except
 * {@code input_forget} (refused) and {@code layout=1} (ONNX Runtime rejects it).
 */
class OnnxRuntimeAgreementTest {

  static final double TOLERANCE = 1e-5;

  static Stream<RnnCase> cases() {
    List<RnnCase> cases = new ArrayList<>();
    long seed = 1000;
    cases.add(rnn().lengths().build("RNN Tanh forward", seed++));
    cases.add(rnn().activations("Relu").lengths().initialStates().build("RNN Relu forward", seed++));
    cases.add(rnn().activations("Sigmoid").direction("reverse").lengths().build("RNN Sigmoid reverse", seed++));
    cases.add(rnn().activations("LeakyRelu", "LeakyRelu").alphas(0.1f, 0.3f).direction("bidirectional")
        .lengths().initialStates().build("RNN LeakyRelu bidirectional", seed++));
    cases.add(rnn().activations("HardSigmoid", "HardSigmoid").alphas(0.25f, 1f / 6).betas(0.4f, 0.5f)
        .direction("bidirectional").lengths().build("RNN HardSigmoid bidirectional", seed++));
    cases.add(rnn().activations("Tanh", "Tanh").clip(0.4f).weightScale(4f).direction("bidirectional")
        .lengths().build("RNN clip bidirectional", seed++));
    cases.add(rnn().activations("Softsign", "Softplus").direction("bidirectional").build("RNN Softsign/Softplus", seed++));
    cases.add(rnn().activations("Elu").alphas(0.7f).lengths().build("RNN Elu", seed++));
    cases.add(rnn().activations("ScaledTanh").alphas(1.5f).betas(0.8f).build("RNN ScaledTanh", seed++));
    cases.add(rnn().activations("ThresholdedRelu").alphas(0.05f).lengths().build("RNN ThresholdedRelu", seed++));
    cases.add(rnn().activations("Affine").alphas(0.9f).betas(0.05f).max(20, 16, 64, 64).build("RNN Affine", seed++));
    cases.add(rnn().noBias().initialStates().build("RNN no bias", seed++));
    cases.add(rnn().direction("bidirectional").layers(2).lengths().initialStates().build("RNN 2 layers bidirectional", seed++));

    cases.add(lstm().lengths().build("LSTM forward", seed++));
    cases.add(lstm().lengths().build("LSTM forward", seed++));
    cases.add(lstm().direction("reverse").lengths().initialStates().build("LSTM reverse", seed++));
    cases.add(lstm().direction("bidirectional").lengths().initialStates().build("LSTM bidirectional", seed++));
    cases.add(lstm().direction("bidirectional").build("LSTM bidirectional", seed++));
    cases.add(lstm().peepholes().lengths().initialStates().build("LSTM peepholes", seed++));
    cases.add(lstm().peepholes().direction("bidirectional").lengths().build("LSTM peepholes bidirectional", seed++));
    cases.add(lstm().clip(0.5f).weightScale(4f).lengths().initialStates().build("LSTM clip", seed++));
    cases.add(lstm().clip(0.3f).weightScale(3f).peepholes().direction("bidirectional").lengths()
        .initialStates().build("LSTM clip peepholes bidirectional", seed++));
    cases.add(lstm().activations("HardSigmoid", "Tanh", "Softsign").lengths().build("LSTM HardSigmoid/Softsign", seed++));
    cases.add(lstm().activations("Sigmoid", "LeakyRelu", "Tanh", "HardSigmoid", "Elu", "ScaledTanh")
        .alphas(0.2f, 0.25f, 0.9f, 1.1f).betas(0.45f, 0.7f).direction("bidirectional").lengths()
        .build("LSTM mixed activations bidirectional", seed++));
    cases.add(lstm().activations("Sigmoid", "LeakyRelu", "Tanh").lengths().build("LSTM LeakyRelu default alpha", seed++));
    cases.add(lstm().noBias().direction("reverse").build("LSTM no bias reverse", seed++));
    cases.add(lstm().layers(2).direction("bidirectional").lengths().initialStates().build("LSTM 2 layers bidirectional", seed++));
    cases.add(lstm().layers(3).lengths().max(40, 16, 64, 64).build("LSTM 3 layers", seed++));

    for (int lbr = 0; lbr <= 1; lbr++) {
      String name = "GRU lbr=" + lbr;
      cases.add(gru(lbr).lengths().build(name + " forward", seed++));
      cases.add(gru(lbr).lengths().build(name + " forward", seed++));
      cases.add(gru(lbr).direction("reverse").lengths().initialStates().build(name + " reverse", seed++));
      cases.add(gru(lbr).direction("bidirectional").lengths().initialStates().build(name + " bidirectional", seed++));
      cases.add(gru(lbr).clip(0.5f).weightScale(4f).lengths().initialStates().build(name + " clip", seed++));
      cases.add(gru(lbr).activations("HardSigmoid", "Softsign", "Sigmoid", "Relu").alphas(0.3f).betas(0.45f)
          .direction("bidirectional").lengths().build(name + " activations bidirectional", seed++));
      cases.add(gru(lbr).noBias().build(name + " no bias", seed++));
      cases.add(gru(lbr).layers(2).direction("bidirectional").lengths().build(name + " 2 layers bidirectional", seed++));
    }
    return cases.stream();
  }

  private static RnnCase.Builder rnn() {
    return RnnCase.of("RNN");
  }

  private static RnnCase.Builder lstm() {
    return RnnCase.of("LSTM");
  }

  private static RnnCase.Builder gru(int linearBeforeReset) {
    return RnnCase.of("GRU").linearBeforeReset(linearBeforeReset);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ourUnrollMatchesOnnxRuntime(RnnCase c) throws Exception {
    Map<String, float[]> expected = Engines.onnxRuntime(c);
    Map<String, float[]> actual = Engines.ours(c, Engines.fromOnnx(c));
    double error = Engines.maxAbsDiff(expected, actual);
    assertTrue(error <= TOLERANCE, c + ": largest absolute error " + error);
  }
}
