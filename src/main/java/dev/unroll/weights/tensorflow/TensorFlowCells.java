package dev.unroll.weights.tensorflow;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.model.ModelHints.CellType;
import dev.unroll.model.ModelHints;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.tensorflow.TensorFlowNames.Scope;
import java.util.Map;

/**
 * One TensorFlow v1 cell from its variables: sizes read from the shapes (each checked against the
 * others), the user's hints checked against them, then the cell's {@code fromTensorFlow} factory.
 */
final class TensorFlowCells {
  private TensorFlowCells() {}

  static Cell build(String file, String cellPath, Scope scope, Map<String, Tensor> vars, ModelHints hints)
      throws WeightsException {
    CellType found = TensorFlowModels.cellType(scope);
    if (vars.containsKey(TensorFlowNames.KERAS_RECURRENT_KERNEL)) {
      throw new WeightsException(file + ": " + cellPath + " holds a Keras cell (kernel, recurrent_kernel, bias),"
          + " not TensorFlow v1 " + scope.segment + " variables; read it with the Keras loader");
    }
    Variables v = new Variables(file, cellPath, vars);
    Cell cell = switch (scope) {
      case BASIC_RNN -> basicRnn(v, hints);
      case BASIC_LSTM, LSTM -> lstm(v, hints, scope == Scope.BASIC_LSTM);
      case GRU -> gru(v, hints);
    };
    CellType hinted = hints.cell();
    if (hinted != null && hinted != found) {
      // BasicLSTMCell and LSTMCell without peepholes, projection or clip are the same computation.
      boolean sameLstm = (hinted == CellType.BASIC_LSTM || hinted == CellType.LSTM)
          && (found == CellType.BASIC_LSTM || found == CellType.LSTM)
          && (hinted == CellType.LSTM || isPlainLstm(cell));
      if (!sameLstm) {
        throw new WeightsException(file + ": cell type " + hinted + " was given but " + cellPath
            + " holds a " + found + (found == CellType.LSTM ? " (" + cell.describe() + ")" : "") + " cell");
      }
    }
    if (hints.units() != null && hints.units() != cell.units()) {
      throw new WeightsException(file + ": " + hints.units() + " units were given but " + cellPath
          + " has " + cell.units() + " units (from its shapes: " + v.shapes() + ")");
    }
    return cell;
  }

  /**
   * The cell type of a cell under a scope name of the user's choice: GRU from {@code gates/} and
   * {@code candidate/}, LSTMCell from peepholes or a projection; a bare {@code kernel} and {@code bias}
   * pair is a BasicRNNCell or an LSTM by the hinted cell type, else by the bias length against the
   * hinted units ({@code units} or {@code 4·units}).
   */
  static Scope scopeFromVariables(String file, String cellPath, Map<String, Tensor> vars, ModelHints hints)
      throws WeightsException {
    CellType hinted = hints.cell();
    boolean gru = vars.keySet().stream().anyMatch(r -> r.startsWith("gates/") || r.startsWith("candidate/"));
    boolean lstmOnly = vars.keySet().stream().anyMatch(r -> r.startsWith("w_") || r.startsWith("projection/"));
    if (gru || lstmOnly) {
      return gru ? Scope.GRU : Scope.LSTM;
    }
    if (hinted != null) {
      return switch (hinted) {
        case BASIC_RNN -> Scope.BASIC_RNN;
        case BASIC_LSTM -> Scope.BASIC_LSTM;
        case LSTM -> Scope.LSTM;
        case GRU -> throw new WeightsException(file + ": cell type GRU was given but " + cellPath
            + " has no gates/ and candidate/ variables, only " + new Variables(file, cellPath, vars).shapes());
      };
    }
    Tensor bias = vars.get("bias");
    long length = bias == null || bias.rank() != 1 ? -1 : bias.dim(0);
    if (length == hints.units()) {
      return Scope.BASIC_RNN;
    }
    if (length == 4L * hints.units()) {
      return Scope.LSTM;
    }
    throw new WeightsException(file + ": " + cellPath + " has " + new Variables(file, cellPath, vars).shapes()
        + "; with " + hints.units() + " units its bias should have " + hints.units() + " (BasicRNNCell) or "
        + 4 * hints.units() + " (LSTM) values");
  }

  private static boolean isPlainLstm(Cell cell) {
    return cell instanceof LstmCell l && l.peepholes() == null && l.projSize() == 0
        && Float.isNaN(l.options().cellClip());
  }

  private static Cell basicRnn(Variables v, ModelHints hints) throws WeightsException {
    Tensor bias = v.require("bias");
    Tensor kernel = v.require("kernel");
    v.requireBiasFitsKernel(bias, kernel, 1);
    int units = v.vectorLength(bias);
    int inputSize = v.inputRows(kernel, units, units);
    v.requireShape(kernel, inputSize + units, units);
    return SimpleRnnCell.fromTensorFlow(inputSize, units, kernel.values(), bias.values(),
        TensorFlowModels.activation(hints));
  }

  private static Cell lstm(Variables v, ModelHints hints, boolean basicScope) throws WeightsException {
    Tensor bias = v.require("bias");
    if (v.optional("projection/kernel") == null) {
      v.requireBiasFitsKernel(bias, v.require("kernel"), 4);
    }
    int gates = v.vectorLength(bias);
    if (gates % 4 != 0) {
      throw v.error("bias", "a length divisible by 4 (i, j, f, o blocks)", Tensor.shapeString(bias.shape()));
    }
    int units = gates / 4;
    Tensor projection = v.optional("projection/kernel");
    int projSize = 0;
    if (projection != null) {
      if (projection.rank() != 2 || projection.dim(0) != units || projection.dim(1) < 1) {
        throw v.error("projection/kernel", "shape [" + units + ", num_proj]", Tensor.shapeString(projection.shape()));
      }
      projSize = projection.dim(1);
    }
    int state = projSize > 0 ? projSize : units;
    Tensor kernel = v.require("kernel");
    int inputSize = v.inputRows(kernel, state, gates);
    v.requireShape(kernel, inputSize + state, gates);
    float[][] peepholes = null;
    String[] diag = {"w_i_diag", "w_f_diag", "w_o_diag"};
    int present = 0;
    for (String d : diag) {
      present += v.optional(d) == null ? 0 : 1;
    }
    if (present > 0) {
      peepholes = new float[3][];
      for (int k = 0; k < 3; k++) {
        Tensor t = v.require(diag[k]);
        v.requireShape(t, units);
        peepholes[k] = t.values();
      }
    }
    if (basicScope && (peepholes != null || projection != null)) {
      throw new WeightsException(v.file + ": " + v.cellPath + " is a BasicLSTMCell scope but holds peepholes or a projection");
    }
    float cellClip = hints.cellClip() == null ? Float.NaN : hints.cellClip();
    if (basicScope && hints.cellClip() != null) {
      throw new WeightsException(v.file + ": cell_clip " + hints.cellClip() + " was given but " + v.cellPath
          + " is a BasicLSTMCell, which has no cell clip");
    }
    float projClip = hints.projClip() == null || projSize == 0 ? Float.NaN : hints.projClip();
    float forgetBias = hints.forgetBias() == null ? 1.0f : hints.forgetBias();
    LstmCell.Options options = LstmCell.Options.tensorFlow(TensorFlowModels.activation(hints), cellClip, projClip);
    try {
      return LstmCell.fromTensorFlow(inputSize, units, kernel.values(), bias.values(), forgetBias, peepholes,
          projection == null ? null : projection.values(), options);
    } catch (IllegalArgumentException e) {
      throw new WeightsException(v.file + ": " + v.cellPath + ": " + e.getMessage(), e);
    }
  }

  private static Cell gru(Variables v, ModelHints hints) throws WeightsException {
    Tensor candidateBias = v.require("candidate/bias");
    int units = v.vectorLength(candidateBias);
    Tensor gatesKernel = v.require("gates/kernel");
    int inputSize = v.inputRows(gatesKernel, units, 2 * units);
    v.requireShape(gatesKernel, inputSize + units, 2 * units);
    Tensor gatesBias = v.require("gates/bias");
    v.requireShape(gatesBias, 2 * units);
    Tensor candidateKernel = v.require("candidate/kernel");
    v.requireShape(candidateKernel, inputSize + units, units);
    return GruCell.fromTensorFlow(inputSize, units, gatesKernel.values(), gatesBias.values(),
        candidateKernel.values(), candidateBias.values(), TensorFlowModels.activation(hints));
  }

  /** A cell's variables by role, with errors that name the file and the full variable name. */
  private static final class Variables {
    final String file;
    final String cellPath;
    final Map<String, Tensor> byRole;

    Variables(String file, String cellPath, Map<String, Tensor> byRole) {
      this.file = file;
      this.cellPath = cellPath;
      this.byRole = byRole;
    }

    Tensor optional(String role) {
      return byRole.get(role);
    }

    Tensor require(String role) throws WeightsException {
      Tensor t = byRole.get(role);
      if (t == null) {
        throw new WeightsException(file + ": variable " + cellPath + "/" + role + " is missing; the cell has "
            + shapes());
      }
      if (!t.dtype().contains("float")) {
        throw error(t, "a floating-point dtype", t.dtype());
      }
      return t;
    }

    int vectorLength(Tensor t) throws WeightsException {
      if (t.rank() != 1 || t.dim(0) < 1) {
        throw error(t, "a vector [units]", Tensor.shapeString(t.shape()));
      }
      return t.dim(0);
    }

    /**
     * The units are read from the bias; when the kernel {@code [input + units, gates * units]} is
     * consistent on its own and the bias does not fit it, the bias is what is wrong, and the error says so.
     */
    void requireBiasFitsKernel(Tensor bias, Tensor kernel, int gates) throws WeightsException {
      if (kernel.rank() != 2 || kernel.dim(1) % gates != 0) {
        return;
      }
      int units = kernel.dim(1) / gates;
      if (units >= 1 && kernel.dim(0) > units && !bias.hasShape(kernel.dim(1))) {
        throw error(bias, "shape [" + kernel.dim(1) + "] to fit kernel " + Tensor.shapeString(kernel.shape())
            + " (" + units + " units)", Tensor.shapeString(bias.shape()));
      }
    }

    /** Input size of a fused {@code [input + state, cols]} kernel. */
    int inputRows(Tensor kernel, int state, int cols) throws WeightsException {
      if (kernel.rank() != 2 || kernel.dim(1) != cols || kernel.dim(0) <= state) {
        throw error(kernel, "shape [input + " + state + ", " + cols + "] with input >= 1",
            Tensor.shapeString(kernel.shape()));
      }
      return kernel.dim(0) - state;
    }

    void requireShape(Tensor t, long... shape) throws WeightsException {
      if (!t.hasShape(shape)) {
        throw error(t, "shape " + Tensor.shapeString(shape), Tensor.shapeString(t.shape()));
      }
    }

    WeightsException error(Tensor t, String expected, String found) {
      return new WeightsException(file + ": variable " + t.name() + " should have " + expected + ", found " + found);
    }

    WeightsException error(String role, String expected, String found) {
      return new WeightsException(file + ": variable " + cellPath + "/" + role + " should have " + expected
          + ", found " + found);
    }

    String shapes() {
      StringBuilder s = new StringBuilder();
      byRole.forEach((role, t) -> s.append(s.length() == 0 ? "" : ", ").append(role).append(' ')
          .append(Tensor.shapeString(t.shape())));
      return s.toString();
    }
  }
}
