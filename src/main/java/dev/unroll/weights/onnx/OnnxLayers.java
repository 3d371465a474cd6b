package dev.unroll.weights.onnx;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.weights.GateBlocks;
import dev.unroll.weights.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One ONNX {@code RNN}, {@code GRU} or {@code LSTM} node's tensors and attributes as a {@link Layer}.
 *
 * <p>ONNX stores {@code W [D, G·H, I]}, {@code R [D, G·H, H]} (out × in, gate row blocks), {@code B
 * [D, 2·G·H]} (input biases, then recurrent ones) and, for LSTM, {@code P [D, 3H]}. Gate orders: LSTM
 * i, o, f, c (to our i, f, g, o), peepholes i, o, f (to our i, f, o), GRU z, r, h (already ours).
 * {@code direction="reverse"} becomes a backward-only layer. {@code clip} bounds the input of every
 * activation except LSTM's output activation h(C), as ONNX Runtime does. {@code input_forget=1} is
 * refused: ONNX Runtime then sets {@code f = 1 − i} after the gate activation and our LSTM cell has no
 * such coupling.
 */
public final class OnnxLayers {
  private OnnxLayers() {}

  /** The three recurrent operators, with their gate count and default activations. */
  public enum Operator {
    RNN(1, List.of("Tanh")),
    GRU(3, List.of("Sigmoid", "Tanh")),
    LSTM(4, List.of("Sigmoid", "Tanh", "Tanh"));

    final int gates;
    final List<String> defaultActivations;

    Operator(int gates, List<String> defaultActivations) {
      this.gates = gates;
      this.defaultActivations = defaultActivations;
    }

    /** The node's {@code op_type}: {@code RNN}, {@code GRU} or {@code LSTM}. */
    public static Operator of(String opType) {
      for (Operator op : values()) {
        if (op.name().equals(opType)) {
          return op;
        }
      }
      throw new IllegalArgumentException("op_type '" + opType + "': expected RNN, GRU or LSTM");
    }
  }

  /** ONNX LSTM i, o, f, c row blocks in our i, f, g, o order. */
  private static final int[] LSTM_ORDER = {0, 2, 3, 1};
  /** ONNX peepholes i, o, f in our i, f, o order. */
  private static final int[] PEEPHOLE_ORDER = {0, 2, 1};

  /**
   * The layer one node computes.
   *
   * @param node names the node in messages, e.g. {@code "LSTM node 'lstm_0'"}
   * @param b null when the node has no B input (zero biases)
   * @param p null when the node has no P input; LSTM only
   */
  public static Layer layer(String node, Operator op, OnnxRnnAttributes a, Tensor w, Tensor r, Tensor b,
      Tensor p) {
    int directions = a.direction().count();
    int gates = op.gates;
    if (r.rank() != 3) {
      throw new IllegalArgumentException(node + ": R " + r.describe() + " should have rank 3");
    }
    int units = a.hiddenSize() > 0 ? a.hiddenSize() : r.dim(2);
    if (w.rank() != 3) {
      throw new IllegalArgumentException(node + ": W " + w.describe() + " should have rank 3");
    }
    int input = w.dim(2);
    w.requireShape(node, directions, gates * units, input);
    r.requireShape(node, directions, gates * units, units);
    if (b != null) {
      b.requireShape(node, directions, 2 * gates * units);
    }
    if (p != null) {
      if (op != Operator.LSTM) {
        throw new IllegalArgumentException(node + ": only LSTM has peepholes, found " + p.describe());
      }
      p.requireShape(node, directions, 3 * units);
    }
    if (!Float.isNaN(a.clip()) && !(a.clip() > 0f)) {
      throw new IllegalArgumentException(node + ": clip must be positive, found " + a.clip());
    }
    if (a.inputForget() != 0) {
      throw new IllegalArgumentException(
          node + ": input_forget=" + a.inputForget() + " is not supported (ONNX Runtime computes"
              + " f = 1 - i there; unroll's LSTM has no coupled input and forget gates)");
    }
    if (a.linearBeforeReset() != 0 && op != Operator.GRU) {
      throw new IllegalArgumentException(node + ": linear_before_reset only exists for GRU");
    }
    List<List<Activation>> acts = OnnxActivations.resolve(node, directions, op == Operator.LSTM ? 3
            : op == Operator.GRU ? 2 : 1, op.defaultActivations, a.activations(), a.activationAlpha(),
        a.activationBeta(), op == Operator.RNN);

    List<Cell> cells = new ArrayList<>();
    for (int d = 0; d < directions; d++) {
      int[] order = op == Operator.LSTM ? LSTM_ORDER : GateBlocks.identity(gates);
      float[] wx = GateBlocks.transposed(w.values(), d * gates * units * input, units, input, order);
      float[] wh = GateBlocks.transposed(r.values(), d * gates * units * units, units, units, order);
      float[] wb = b == null ? new float[gates * units]
          : GateBlocks.vector(b.values(), d * 2 * gates * units, units, order);
      float[] rb = b == null ? new float[gates * units]
          : GateBlocks.vector(b.values(), d * 2 * gates * units + gates * units, units, order);
      List<Activation> f = acts.get(d);
      cells.add(switch (op) {
        case RNN -> new SimpleRnnCell(input, units, wx, wh, GateBlocks.sum(wb, rb), f.get(0), a.clip());
        case GRU -> gru(input, units, wx, wh, wb, rb, a.linearBeforeReset() != 0, f, a.clip());
        case LSTM -> new LstmCell(input, units, 0, wx, wh, GateBlocks.sum(wb, rb),
            p == null ? null : GateBlocks.vector(p.values(), d * 3 * units, units, PEEPHOLE_ORDER),
            null,
            new LstmCell.Options(f.get(0), f.get(1), f.get(2), Float.NaN, Float.NaN, a.clip()));
      });
    }
    return switch (a.direction()) {
      case FORWARD -> Layer.of(cells.get(0));
      case REVERSE -> Layer.backwardOnly(cells.get(0));
      case BIDIRECTIONAL -> Layer.bidirectional(cells.get(0), cells.get(1));
    };
  }

  /**
   * Reset-after ({@code linear_before_reset != 0}) keeps the candidate's recurrent bias apart, since r
   * multiplies it; reset-before sums it with the rest.
   */
  private static GruCell gru(int input, int units, float[] wx, float[] wh, float[] wb, float[] rb,
      boolean resetAfter, List<Activation> f, float clip) {
    float[] bias = GateBlocks.sum(wb, rb);
    float[] candidateBias = null;
    if (resetAfter) {
      candidateBias = new float[units];
      System.arraycopy(rb, 2 * units, candidateBias, 0, units);
      System.arraycopy(wb, 2 * units, bias, 2 * units, units);
    }
    return new GruCell(input, units, wx, wh, bias, candidateBias, resetAfter, f.get(0), f.get(1), clip);
  }
}
