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
 * Our {@code SimpleRnnCell.fromTensorFlow} unrolled over a mini-batch of sequences of different
 * lengths gives TensorFlow's BasicRNNCell numbers (MatMul + BiasAdd + the activation's own TF op per
 * step, dynamic_rnn semantics) for every activation TF v1 cells accept.
 */
class BasicRnnCellMatchesTensorFlowTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(Activation.TANH, new Shape(1, 1, 1, 1), false),
        arguments(Activation.TANH, new Shape(3, 5, 4, 0), true),
        arguments(Activation.TANH, new Shape(300, 256, 64, 100), false),
        arguments(Activation.TANH, new Shape(17, 64, 9, 30), true),
        arguments(Activation.RELU, new Shape(8, 16, 7, 25), false),
        arguments(Activation.RELU, new Shape(120, 200, 33, 60), true),
        arguments(Activation.SIGMOID, new Shape(2, 3, 5, 12), true),
        arguments(Activation.SIGMOID, new Shape(64, 128, 16, 100), false),
        arguments(Activation.IDENTITY, new Shape(5, 1, 3, 40), false),
        arguments(Activation.IDENTITY, new Shape(31, 48, 12, 20), true),
        arguments(Activation.ELU, new Shape(10, 7, 6, 18), false),
        arguments(Activation.ELU, new Shape(200, 96, 20, 50), true),
        arguments(Activation.SOFTSIGN, new Shape(4, 33, 8, 16), false),
        arguments(Activation.SOFTSIGN, new Shape(150, 256, 10, 80), true),
        arguments(Activation.RELU6, new Shape(6, 12, 10, 22), false),
        arguments(Activation.RELU6, new Shape(90, 64, 40, 45), true));
  }

  @ParameterizedTest(name = "{0}, {1}, initial state given: {2}")
  @MethodSource("cases")
  void batchUnrollMatchesTensorFlowStepByStep(Activation activation, Shape shape, boolean initial) {
    SeededData data = new SeededData(shape.seed() * 31L + activation.kind().ordinal());
    TfWeights.Rnn w = data.rnn(shape.inputSize(), shape.units());
    SequenceBatch batch = data.batch(shape);
    try (TfGraphCell tf = TfCells.basicRnn(w, activation)) {
      Agreement.assertSameUnroll(
          RnnModel.of(Layer.of(w.ours(activation))),
          List.of(TfReferenceUnroll.Layer.of(tf)),
          batch,
          initial ? List.of(data.state(shape.batch(), shape.units(), 0)) : null);
    }
  }
}
