package dev.unroll.reference.tensorflow;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.unroll.cell.Cell;
import dev.unroll.math.Activation;
import dev.unroll.model.CellState;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-cell models unrolled by our {@link dev.unroll.model.Unroller} in one call give the numbers of
 * TF v1's {@code MultiRNNCell} (cell k+1 takes cell k's outputs), {@code bidirectional_dynamic_rnn}
 * (the backward direction runs over each sequence's valid prefix reversed; outputs are
 * {@code concat(fw, bw)} in original time order), that over a MultiRNNCell per direction, and
 * bidirectional layers stacked on one another, with every cell stepped by TensorFlow's kernels.
 */
class StackedAndBidirectionalMatchTensorFlowTest {

  /** The cells these models mix; the projected LSTM projects to half its units. */
  enum Kind { RNN_RELU, LSTM, LSTM_PEEPHOLES_CLIPPED, LSTM_PROJECTED, GRU }

  /** One layer: the cell kinds of the forward stack and of the backward stack (empty for none). */
  record LayerSpec(List<Kind> forward, List<Kind> backward) {
    @Override
    public String toString() {
      return backward.isEmpty() ? forward.toString() : "fw " + forward + " bw " + backward;
    }
  }

  private static LayerSpec uni(Kind... stack) {
    return new LayerSpec(List.of(stack), List.of());
  }

  private static LayerSpec bi(List<Kind> forward, List<Kind> backward) {
    return new LayerSpec(forward, backward);
  }

  static Stream<Arguments> cases() {
    List<Kind> lstm = List.of(Kind.LSTM);
    List<Kind> gru = List.of(Kind.GRU);
    return Stream.of(
        // MultiRNNCell: a stack within one layer, and the same as separate layers
        arguments(List.of(uni(Kind.LSTM, Kind.GRU)), new Shape(10, 24, 9, 30), false),
        arguments(List.of(uni(Kind.LSTM_PROJECTED, Kind.LSTM, Kind.RNN_RELU)), new Shape(5, 16, 7, 25), true),
        arguments(List.of(uni(Kind.GRU), uni(Kind.LSTM_PEEPHOLES_CLIPPED)), new Shape(3, 12, 6, 0), true),
        arguments(List.of(uni(Kind.LSTM, Kind.LSTM)), new Shape(128, 128, 32, 80), false),
        // bidirectional_dynamic_rnn over single cells
        arguments(List.of(bi(lstm, lstm)), new Shape(1, 1, 1, 1), false),
        arguments(List.of(bi(lstm, lstm)), new Shape(20, 32, 12, 40), true),
        arguments(List.of(bi(gru, List.of(Kind.RNN_RELU))), new Shape(7, 9, 10, 20), false),
        arguments(List.of(bi(List.of(Kind.LSTM_PROJECTED), List.of(Kind.LSTM_PEEPHOLES_CLIPPED))),
            new Shape(40, 48, 16, 50), true),
        // bidirectional_dynamic_rnn over a MultiRNNCell per direction
        arguments(List.of(bi(List.of(Kind.LSTM, Kind.LSTM), List.of(Kind.LSTM, Kind.LSTM))),
            new Shape(16, 20, 8, 35), true),
        arguments(List.of(bi(List.of(Kind.GRU, Kind.GRU), List.of(Kind.GRU, Kind.GRU))),
            new Shape(200, 64, 24, 100), false),
        arguments(List.of(bi(List.of(Kind.LSTM, Kind.LSTM), List.of(Kind.LSTM, Kind.LSTM))),
            new Shape(300, 256, 64, 100), true),
        arguments(List.of(bi(List.of(Kind.LSTM_PROJECTED, Kind.GRU), List.of(Kind.RNN_RELU, Kind.LSTM))),
            new Shape(6, 10, 11, 18), true),
        // bidirectional layers stacked: layer 2 reads concat(fw, bw)
        arguments(List.of(bi(lstm, lstm), bi(gru, gru)), new Shape(12, 16, 9, 30), true),
        arguments(List.of(bi(List.of(Kind.LSTM, Kind.GRU), List.of(Kind.GRU, Kind.LSTM)), uni(Kind.LSTM)),
            new Shape(30, 40, 20, 45), false));
  }

  @ParameterizedTest(name = "{0}, {1}, initial states given: {2}")
  @MethodSource("cases")
  void batchUnrollMatchesTensorFlowCellsComposedLikeTfV1(
      List<LayerSpec> layers, Shape shape, boolean initial) {
    SeededData data = new SeededData(shape.seed() * 31L + layers.toString().hashCode());
    List<Layer> ours = new ArrayList<>();
    List<TfReferenceUnroll.Layer> tf = new ArrayList<>();
    List<CellState> initialStates = new ArrayList<>();
    List<TfGraphCell> opened = new ArrayList<>();
    try {
      int inputSize = shape.inputSize();
      for (LayerSpec spec : layers) {
        List<List<Cell>> oursByDirection = new ArrayList<>();
        List<List<TfGraphCell>> tfByDirection = new ArrayList<>();
        int outputSize = 0;
        for (List<Kind> stack : List.of(spec.forward(), spec.backward())) {
          List<Cell> oursStack = new ArrayList<>();
          List<TfGraphCell> tfStack = new ArrayList<>();
          int in = inputSize;
          for (Kind kind : stack) {
            TfGraphCell tfCell = build(kind, in, shape.units(), data, oursStack);
            opened.add(tfCell);
            tfStack.add(tfCell);
            initialStates.add(data.state(shape.batch(), tfCell.stateSize, tfCell.cellStateSize));
            in = tfCell.stateSize;
          }
          outputSize += stack.isEmpty() ? 0 : in;
          oursByDirection.add(oursStack);
          tfByDirection.add(tfStack);
        }
        ours.add(new Layer(oursByDirection.get(0), oursByDirection.get(1)));
        tf.add(new TfReferenceUnroll.Layer(tfByDirection.get(0), tfByDirection.get(1)));
        inputSize = outputSize;
      }
      Agreement.assertSameUnroll(
          new RnnModel(ours), tf, data.batch(shape), initial ? initialStates : null);
    } finally {
      opened.forEach(TfGraphCell::close);
    }
  }

  /** Builds one cell of {@code kind} both ways: ours (added to {@code oursStack}) and TensorFlow's. */
  private static TfGraphCell build(Kind kind, int inputSize, int units, SeededData data, List<Cell> oursStack) {
    switch (kind) {
      case RNN_RELU -> {
        TfWeights.Rnn w = data.rnn(inputSize, units);
        oursStack.add(w.ours(Activation.RELU));
        return TfCells.basicRnn(w, Activation.RELU);
      }
      case LSTM -> {
        TfWeights.Lstm w = data.lstm(inputSize, units, 0, false);
        oursStack.add(w.ours(1f, Activation.TANH, Float.NaN, Float.NaN));
        return TfCells.lstmBlockCell(w, 1f, Float.NaN);
      }
      case LSTM_PEEPHOLES_CLIPPED -> {
        TfWeights.Lstm w = data.lstm(inputSize, units, 0, true);
        oursStack.add(w.ours(1f, Activation.TANH, 0.8f, Float.NaN));
        return TfCells.lstmBlockCell(w, 1f, 0.8f);
      }
      case LSTM_PROJECTED -> {
        TfWeights.Lstm w = data.lstm(inputSize, units, Math.max(1, units / 2), true);
        oursStack.add(w.ours(1f, Activation.TANH, 1.5f, 0.3f));
        return TfCells.lstmGraph(w, 1f, Activation.TANH, 1.5f, 0.3f);
      }
      case GRU -> {
        TfWeights.Gru w = data.gru(inputSize, units);
        oursStack.add(w.ours(Activation.TANH));
        return TfCells.gruBlockCell(w);
      }
      default -> throw new AssertionError(kind);
    }
  }
}
