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
 * Our {@code GruCell.fromTensorFlow} (TF v1 GRUCell, reset applied before the candidate matmul)
 * unrolled over a mini-batch gives the numbers of TensorFlow's fused GRUBlockCell kernel stepped with
 * dynamic_rnn semantics, and, for activations GRUBlockCell does not take, of GRUCell's graph rebuilt
 * op by op ({@link TfCells#gruGraph}).
 */
class GruCellMatchesTensorFlowTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(new Shape(1, 1, 1, 1), false),
        arguments(new Shape(1, 1, 4, 0), true),
        arguments(new Shape(300, 256, 64, 100), false),
        arguments(new Shape(3, 7, 5, 20), true),
        arguments(new Shape(16, 32, 9, 40), false),
        arguments(new Shape(50, 5, 12, 60), true),
        arguments(new Shape(128, 64, 30, 80), false),
        arguments(new Shape(7, 100, 6, 33), true),
        arguments(new Shape(200, 150, 17, 50), true),
        arguments(new Shape(2, 2, 64, 12), false),
        arguments(new Shape(24, 48, 3, 100), true));
  }

  @ParameterizedTest(name = "{0}, initial state given: {1}")
  @MethodSource("cases")
  void batchUnrollMatchesGruBlockCell(Shape shape, boolean initial) {
    SeededData data = new SeededData(shape.seed());
    TfWeights.Gru w = data.gru(shape.inputSize(), shape.units());
    SequenceBatch batch = data.batch(shape);
    try (TfGraphCell tf = TfCells.gruBlockCell(w)) {
      Agreement.assertSameUnroll(
          RnnModel.of(Layer.of(w.ours(Activation.TANH))),
          List.of(TfReferenceUnroll.Layer.of(tf)),
          batch,
          initial ? List.of(data.state(shape.batch(), shape.units(), 0)) : null);
    }
  }

  static Stream<Arguments> activationCases() {
    return Stream.of(
        arguments(Activation.RELU, new Shape(9, 14, 7, 30), true),
        arguments(Activation.RELU, new Shape(120, 96, 24, 70), false),
        arguments(Activation.SIGMOID, new Shape(5, 3, 6, 20), false),
        arguments(Activation.IDENTITY, new Shape(12, 20, 5, 40), true),
        arguments(Activation.ELU, new Shape(30, 17, 9, 25), false),
        arguments(Activation.SOFTSIGN, new Shape(1, 1, 3, 12), true),
        arguments(Activation.RELU6, new Shape(64, 32, 16, 50), true),
        arguments(Activation.TANH, new Shape(33, 65, 10, 45), false));
  }

  @ParameterizedTest(name = "{0}, {1}, initial state given: {2}")
  @MethodSource("activationCases")
  void batchUnrollMatchesGruCellGraphForEveryActivation(
      Activation activation, Shape shape, boolean initial) {
    SeededData data = new SeededData(shape.seed() * 41L + activation.kind().ordinal());
    TfWeights.Gru w = data.gru(shape.inputSize(), shape.units());
    SequenceBatch batch = data.batch(shape);
    try (TfGraphCell tf = TfCells.gruGraph(w, activation)) {
      Agreement.assertSameUnroll(
          RnnModel.of(Layer.of(w.ours(activation))),
          List.of(TfReferenceUnroll.Layer.of(tf)),
          batch,
          initial ? List.of(data.state(shape.batch(), shape.units(), 0)) : null);
    }
  }
}
