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
 * Our {@code LstmCell.fromTensorFlow} unrolled over a mini-batch gives the numbers of TensorFlow's
 * fused LSTMBlockCell kernel (gate order i, j, f, o) stepped with dynamic_rnn semantics: as
 * BasicLSTMCell (several forget_bias values) and as LSTMCell with peepholes and cell_clip.
 */
class LstmCellMatchesTensorFlowTest {

  private static final float NONE = Float.NaN;

  static Stream<Arguments> cases() {
    return Stream.of(
        // BasicLSTMCell: forget_bias folded into the f bias
        arguments(1.0f, false, NONE, new Shape(1, 1, 1, 1), false),
        arguments(1.0f, false, NONE, new Shape(300, 256, 64, 100), false),
        arguments(1.0f, false, NONE, new Shape(13, 40, 9, 35), true),
        arguments(0.0f, false, NONE, new Shape(7, 3, 5, 0), true),
        arguments(0.0f, false, NONE, new Shape(64, 128, 24, 60), false),
        arguments(0.7f, false, NONE, new Shape(2, 19, 6, 28), true),
        arguments(-0.5f, false, NONE, new Shape(100, 32, 12, 45), false),
        // LSTMCell: peepholes, cell_clip, both
        arguments(1.0f, true, NONE, new Shape(9, 11, 8, 30), true),
        arguments(1.0f, true, NONE, new Shape(200, 96, 32, 70), false),
        arguments(1.0f, false, 0.5f, new Shape(5, 20, 7, 25), false),
        arguments(1.0f, true, 0.5f, new Shape(3, 8, 10, 40), true),
        arguments(0.0f, true, 0.3f, new Shape(150, 200, 16, 50), true),
        arguments(0.7f, true, 0.2f, new Shape(1, 1, 3, 20), false));
  }

  @ParameterizedTest(name = "forget_bias {0}, peepholes {1}, cell_clip {2}, {3}, initial state given: {4}")
  @MethodSource("cases")
  void batchUnrollMatchesLstmBlockCell(
      float forgetBias, boolean peepholes, float cellClip, Shape shape, boolean initial) {
    SeededData data = new SeededData(shape.seed() * 31L + Float.floatToIntBits(forgetBias));
    TfWeights.Lstm w = data.lstm(shape.inputSize(), shape.units(), 0, peepholes);
    SequenceBatch batch = data.batch(shape);
    try (TfGraphCell tf = TfCells.lstmBlockCell(w, forgetBias, cellClip)) {
      Agreement.assertSameUnroll(
          RnnModel.of(Layer.of(w.ours(forgetBias, Activation.TANH, cellClip, NONE))),
          List.of(TfReferenceUnroll.Layer.of(tf)),
          batch,
          initial ? List.of(data.state(shape.batch(), shape.units(), shape.units())) : null);
    }
  }
}
