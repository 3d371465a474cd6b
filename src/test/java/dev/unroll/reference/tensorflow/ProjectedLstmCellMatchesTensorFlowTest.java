package dev.unroll.reference.tensorflow;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our {@code LstmCell.fromTensorFlow} with num_proj / proj_clip, and with activations other than
 * tanh, gives the numbers of TF v1's LSTMCell. No single TensorFlow kernel covers a projection or
 * another activation, so the reference is LSTMCell's graph rebuilt op by op ({@link
 * TfCells#lstmGraph}); every number still comes from TensorFlow's own kernels.
 */
class ProjectedLstmCellMatchesTensorFlowTest {

  private static final float NONE = Float.NaN;

  static Stream<Arguments> cases() {
    return Stream.of(
        // num_proj, with and without proj_clip, peepholes and cell_clip
        arguments(Activation.TANH, 1.0f, 1, false, NONE, NONE, new Shape(1, 1, 1, 1), false),
        arguments(Activation.TANH, 1.0f, 8, false, NONE, NONE, new Shape(10, 16, 7, 30), true),
        arguments(Activation.TANH, 1.0f, 64, false, NONE, 0.1f, new Shape(300, 256, 32, 100), false),
        arguments(Activation.TANH, 0.0f, 5, true, 0.5f, 0.2f, new Shape(6, 12, 9, 25), true),
        arguments(Activation.TANH, 0.7f, 40, true, 2.0f, NONE, new Shape(80, 100, 20, 60), false),
        arguments(Activation.TANH, 1.0f, 3, true, NONE, 0.05f, new Shape(2, 30, 5, 0), true),
        // other activations, with and without projection
        arguments(Activation.RELU, 1.0f, 0, false, NONE, NONE, new Shape(12, 24, 8, 40), false),
        arguments(Activation.RELU, 1.0f, 10, true, 1.0f, 0.5f, new Shape(20, 32, 6, 30), true),
        arguments(Activation.SOFTSIGN, 0.0f, 0, true, NONE, NONE, new Shape(5, 9, 11, 20), true),
        arguments(Activation.ELU, 1.0f, 0, false, 3.0f, NONE, new Shape(33, 17, 5, 50), false),
        arguments(Activation.RELU6, 1.0f, 7, false, NONE, NONE, new Shape(4, 14, 4, 15), false),
        arguments(Activation.SIGMOID, 0.7f, 0, false, NONE, NONE, new Shape(8, 6, 9, 22), true),
        arguments(Activation.IDENTITY, 1.0f, 0, true, 1.5f, NONE, new Shape(16, 8, 7, 35), false));
  }

  @ParameterizedTest(name = "{0}, forget_bias {1}, num_proj {2}, peepholes {3}, cell_clip {4}, "
      + "proj_clip {5}, {6}, initial state given: {7}")
  @MethodSource("cases")
  void batchUnrollMatchesLstmCellGraph(Activation activation, float forgetBias, int projSize,
      boolean peepholes, float cellClip, float projClip, Shape shape, boolean initial) {
    SeededData data = new SeededData(shape.seed() * 31L + projSize);
    TfWeights.Lstm w = data.lstm(shape.inputSize(), shape.units(), projSize, peepholes);
    SequenceBatch batch = data.batch(shape);
    try (TfGraphCell tf = TfCells.lstmGraph(w, forgetBias, activation, cellClip, projClip)) {
      Agreement.assertSameUnroll(
          RnnModel.of(Layer.of(w.ours(forgetBias, activation, cellClip, projClip))),
          List.of(TfReferenceUnroll.Layer.of(tf)),
          batch,
          initial ? List.of(data.state(shape.batch(), w.stateSize(), shape.units())) : null);
    }
  }
}
