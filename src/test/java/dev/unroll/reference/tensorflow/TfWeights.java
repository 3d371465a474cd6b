package dev.unroll.reference.tensorflow;

import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;

/**
 * Cell variables in TensorFlow v1's own layout (fused {@code [input + state, gates·units]} kernels,
 * input rows first), and the conversion of each into our cell through its {@code fromTensorFlow}.
 */
final class TfWeights {
  private TfWeights() {}

  /** BasicRNNCell: {@code kernel [input + units, units]}, {@code bias [units]}. */
  record Rnn(int inputSize, int units, float[] kernel, float[] bias) {
    SimpleRnnCell ours(Activation activation) {
      return SimpleRnnCell.fromTensorFlow(inputSize, units, kernel, bias, activation);
    }
  }

  /**
   * BasicLSTMCell / LSTMCell: {@code kernel [input + state, 4·units]} and {@code bias [4·units]} in
   * gate order i, j, f, o; peepholes {@code w_i_diag, w_f_diag, w_o_diag} or null; projection
   * {@code [units, projSize]} or null. The state is projSize wide with a projection, else units.
   */
  record Lstm(
      int inputSize, int units, int projSize, float[] kernel, float[] bias, float[][] peepholes,
      float[] projection) {

    int stateSize() {
      return projSize > 0 ? projSize : units;
    }

    LstmCell ours(float forgetBias, Activation activation, float cellClip, float projClip) {
      return LstmCell.fromTensorFlow(inputSize, units, kernel, bias, forgetBias, peepholes, projection,
          LstmCell.Options.tensorFlow(activation, cellClip, projClip));
    }
  }

  /**
   * GRUCell: {@code gates/kernel [input + units, 2·units]} (r, u), {@code gates/bias [2·units]},
   * {@code candidate/kernel [input + units, units]}, {@code candidate/bias [units]}.
   */
  record Gru(
      int inputSize, int units, float[] gatesKernel, float[] gatesBias, float[] candidateKernel,
      float[] candidateBias) {
    GruCell ours(Activation activation) {
      return GruCell.fromTensorFlow(inputSize, units, gatesKernel, gatesBias, candidateKernel,
          candidateBias, activation);
    }
  }
}
