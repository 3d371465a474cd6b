package dev.unroll.weights.tensorflow;

import dev.unroll.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads TensorFlow v1 RNN variable names: which cell a variable belongs to, where that cell sits
 * (layer, direction, depth in a MultiRNNCell) and which of the cell's variables it is.
 *
 * <p>Names are matched by suffix, so any enclosing scope works: {@code rnn/lstm_cell/kernel},
 * {@code encoder/rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel},
 * {@code bidirectional_rnn/bw/basic_lstm_cell/bias},
 * {@code stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/lstm_cell/w_f_diag}. The names TF ≤ 1.1
 * used ({@code weights}, {@code biases}) are read as {@code kernel}, {@code bias}. Anything else
 * (optimizer slots such as {@code kernel/Adam}, {@code global_step}) is not a cell variable.
 */
final class TensorFlowNames {
  private TensorFlowNames() {}

  /**
   * Keras' cells also live under {@code lstm_cell}/{@code gru_cell} scopes (a TF2 object graph maps
   * them to names like {@code lstm/lstm_cell/kernel}) but keep a separate {@code recurrent_kernel};
   * it is kept here so such a cell is refused instead of read as a TF v1 fused kernel.
   */
  static final String KERAS_RECURRENT_KERNEL = "recurrent_kernel";

  /** The cell scopes TensorFlow v1 creates, by the default name of each cell class. */
  enum Scope {
    BASIC_RNN("basic_rnn_cell", Set.of("kernel", "bias")),
    BASIC_LSTM("basic_lstm_cell", Set.of("kernel", "bias")),
    /** LSTMCell and LSTMBlockCell (which reuses LSTMCell's names). */
    LSTM("lstm_cell", Set.of("kernel", "bias", "w_i_diag", "w_f_diag", "w_o_diag", "projection/kernel")),
    GRU("gru_cell", Set.of("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias"));

    final String segment;
    final Set<String> variables;

    Scope(String segment, Set<String> variables) {
      this.segment = segment;
      this.variables = variables;
    }
  }

  /** Where a cell sits: layer (stack_bidirectional_rnn's cell_k), direction (0 fw, 1 bw), depth. */
  record Position(String root, int layer, int direction, int depth) {
    String describe() {
      return (root.isEmpty() ? "" : root + " ") + "layer " + layer
          + (direction == 0 ? " forward" : " backward") + " cell " + depth;
    }
  }

  /** One variable of one cell, e.g. role {@code gates/kernel} of the GRU at {@code rnn/gru_cell}. */
  record CellVariable(Scope scope, String cellPath, Position position, String role, Tensor tensor) {}

  /** The cell variable {@code tensor} is, or null when it is not one. */
  static CellVariable parse(Tensor tensor) {
    List<String> segs = Arrays.asList(tensor.name().split("/", -1));
    for (int k = segs.size() - 2; k >= 0; k--) {
      for (Scope scope : Scope.values()) {
        if (segs.get(k).equals(scope.segment)) {
          String role = normalizeRole(String.join("/", segs.subList(k + 1, segs.size())));
          if (!scope.variables.contains(role) && !role.equals(KERAS_RECURRENT_KERNEL)) {
            return null;
          }
          List<String> path = segs.subList(0, k);
          return new CellVariable(scope, String.join("/", segs.subList(0, k + 1)), position(path), role, tensor);
        }
      }
    }
    return null;
  }

  /** Every variable a TF v1 cell has, longest first, for cells under a scope name of the user's choice. */
  private static final List<String> ANY_CELL_ROLES = List.of("projection/kernel", "gates/kernel", "gates/bias",
      "candidate/kernel", "candidate/bias", "w_i_diag", "w_f_diag", "w_o_diag", "kernel", "bias");

  /**
   * The cell variable {@code tensor} is when its cell was given a name of the user's choice
   * ({@code LSTMCell(..., name="enc")} gives {@code rnn/enc/kernel}): the last scope before a cell
   * variable's name is taken as the cell. The scope is left null; the caller decides it from the
   * variables, shapes and hints.
   */
  static CellVariable parseAnyScope(Tensor tensor) {
    List<String> segs = Arrays.asList(tensor.name().split("/", -1));
    for (String role : ANY_CELL_ROLES) {
      int n = role.split("/").length;
      if (segs.size() > n && normalizeRole(String.join("/", segs.subList(segs.size() - n, segs.size()))).equals(role)) {
        int cell = segs.size() - n - 1;
        return new CellVariable(null, String.join("/", segs.subList(0, cell + 1)), position(segs.subList(0, cell)),
            role, tensor);
      }
    }
    return null;
  }

  private static String normalizeRole(String role) {
    if (role.equals("weights") || role.endsWith("/weights")) {
      role = role.substring(0, role.length() - "weights".length()) + "kernel";
    } else if (role.equals("biases") || role.endsWith("/biases")) {
      role = role.substring(0, role.length() - "biases".length()) + "bias";
    }
    return role;
  }

  private static Position position(List<String> path) {
    List<String> rest = new ArrayList<>(path);
    int depth = takeCellIndex(rest, "multi_rnn_cell");
    int direction = 0;
    for (int i = rest.size() - 1; i >= 0; i--) {
      if (rest.get(i).equals("fw") || rest.get(i).equals("bw")) {
        direction = rest.get(i).equals("fw") ? 0 : 1;
        rest.remove(i);
        break;
      }
    }
    int layer = takeCellIndex(rest, "stack_bidirectional_rnn");
    return new Position(String.join("/", rest), layer, direction, depth);
  }

  /** Removes the last {@code <container>/cell_k} pair's {@code cell_k} and returns k (0 if absent). */
  private static int takeCellIndex(List<String> segs, String container) {
    for (int i = segs.size() - 2; i >= 0; i--) {
      if (segs.get(i).equals(container) && segs.get(i + 1).matches("cell_[0-9]{1,6}")) {
        int k = Integer.parseInt(segs.get(i + 1).substring(5));
        segs.remove(i + 1);
        return k;
      }
    }
    return 0;
  }

  /** Whether the name had an explicit {@code fw}/{@code bw} segment. */
  static boolean hasDirection(String cellPath) {
    for (String s : cellPath.split("/")) {
      if (s.equals("fw") || s.equals("bw")) {
        return true;
      }
    }
    return false;
  }

  /** The variables of each cell, by cell path. */
  static Map<String, List<CellVariable>> byCell(List<CellVariable> variables) {
    Map<String, List<CellVariable>> cells = new java.util.LinkedHashMap<>();
    for (CellVariable v : variables) {
      cells.computeIfAbsent(v.cellPath(), p -> new ArrayList<>()).add(v);
    }
    return cells;
  }
}
