package dev.unroll.reference.tensorflow;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.unroll.math.Activation;
import dev.unroll.model.CellState;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.Unroller;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our LSTM unroll against a second TensorFlow kernel, the whole-sequence BlockLSTM (V2) op run once
 * per batch: this checks the dynamic_rnn bookkeeping (lengths, padding, final states) without our
 * per-step reference, and our {@link Unroller}'s buffer reuse across batches of different sizes.
 */
class BlockLstmMatchesTensorFlowTest {

  private static final float NONE = Float.NaN;

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(1.0f, false, NONE, new Shape(1, 1, 1, 1), false),
        arguments(1.0f, false, NONE, new Shape(300, 256, 64, 100), true),
        arguments(0.0f, false, NONE, new Shape(11, 23, 13, 37), false),
        arguments(0.7f, true, NONE, new Shape(40, 64, 20, 60), true),
        arguments(1.0f, true, 0.4f, new Shape(6, 10, 9, 25), false),
        arguments(1.0f, false, 1.0f, new Shape(90, 128, 33, 80), true));
  }

  @ParameterizedTest(name = "forget_bias {0}, peepholes {1}, cell_clip {2}, {3}, initial state given: {4}")
  @MethodSource("cases")
  void batchUnrollMatchesWholeSequenceBlockLstm(
      float forgetBias, boolean peepholes, float cellClip, Shape shape, boolean initial) {
    SeededData data = new SeededData(shape.seed() * 37L + Float.floatToIntBits(forgetBias));
    TfWeights.Lstm w = data.lstm(shape.inputSize(), shape.units(), 0, peepholes);
    SequenceBatch batch = data.batch(shape);
    CellState init = initial ? data.state(shape.batch(), shape.units(), shape.units()) : null;
    try (TfBlockLstm tf = new TfBlockLstm(w, forgetBias, cellClip)) {
      Agreement.assertSame(tf.run(batch, init),
          Agreement.unroller(RnnModel.of(Layer.of(w.ours(forgetBias, Activation.TANH, cellClip, NONE))))
              .unroll(batch, init == null ? null : List.of(init), true));
    }
  }

  @Test
  void oneUnrollerReusedOverBatchesOfDifferentSizesMatchesBlockLstmOnEach() {
    SeededData data = new SeededData(7);
    TfWeights.Lstm w = data.lstm(24, 32, 0, true);
    Unroller unroller = Agreement.unroller(RnnModel.of(Layer.of(w.ours(1f, Activation.TANH, NONE, NONE))));
    List<Shape> shapes = List.of(
        new Shape(24, 32, 40, 60), new Shape(24, 32, 3, 5), new Shape(24, 32, 2, 0),
        new Shape(24, 32, 64, 90), new Shape(24, 32, 1, 1), new Shape(24, 32, 17, 30));
    try (TfBlockLstm tf = new TfBlockLstm(w, 1f, NONE)) {
      for (Shape shape : shapes) {
        SequenceBatch batch = data.batch(shape);
        CellState init = data.state(shape.batch(), shape.units(), shape.units());
        Agreement.assertSame(tf.run(batch, init), unroller.unroll(batch, List.of(init), true));
      }
    }
  }
}
