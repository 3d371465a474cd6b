package dev.unroll.weights.tensorflow;

import dev.unroll.cell.Cell;
import dev.unroll.cell.LstmCell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.model.ModelHints.CellType;
import dev.unroll.model.ModelHints;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.tensorflow.TensorFlowNames.CellVariable;
import dev.unroll.weights.tensorflow.TensorFlowNames.Position;
import dev.unroll.weights.tensorflow.TensorFlowNames.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a model from tensors named the TensorFlow v1 way (see {@link TensorFlowNames}): cell type from
 * the scope names, units and input size from the shapes, layers and direction from
 * {@code multi_rnn_cell/cell_k}, {@code fw}/{@code bw} and {@code stack_bidirectional_rnn/cell_k};
 * what the file cannot say (activation, forget_bias, clips) from the {@link ModelHints}.
 *
 * <p>BasicLSTMCell, LSTMCell and LSTMBlockCell without peepholes or projection compute the same thing,
 * so the name only decides what is reported. BASIC_RNN and LSTM kernels also differ by shape
 * ({@code [I+H, H]} vs {@code [I+H, 4H]}), which is checked against the name.
 */
public final class TensorFlowModels {
  private TensorFlowModels() {}

  /** The model and the tensors it was built from. */
  public record Inferred(RnnModel model, List<Tensor> used) {}

  /** Whether any tensor has a TensorFlow v1 RNN cell variable name. */
  public static boolean hasCellVariables(NamedTensors tensors) {
    return tensors.all().stream().anyMatch(t -> TensorFlowNames.parse(t) != null);
  }

  public static Inferred infer(NamedTensors tensors, ModelHints hints) throws WeightsException {
    String file = tensors.source();
    List<CellVariable> variables = new ArrayList<>();
    for (Tensor t : tensors.all()) {
      if (hints.scope() != null && !t.name().startsWith(hints.scope() + "/")) {
        continue;
      }
      CellVariable v = TensorFlowNames.parse(t);
      if (v != null) {
        variables.add(v);
      }
    }
    if (variables.isEmpty() && (hints.cell() != null || hints.units() != null)) {
      // no default cell scope names: with a cell type or units to go by, accept any scope name
      for (Tensor t : tensors.all()) {
        CellVariable v = hints.scope() != null && !t.name().startsWith(hints.scope() + "/") ? null
            : TensorFlowNames.parseAnyScope(t);
        if (v != null) {
          variables.add(v);
        }
      }
    }
    if (variables.isEmpty()) {
      throw new WeightsException(file + ": no TensorFlow v1 RNN cell variables"
          + (hints.scope() == null ? "" : " under scope '" + hints.scope() + "'")
          + " (expected names such as rnn/basic_lstm_cell/kernel, rnn/gru_cell/gates/kernel; for a cell scope"
          + " of another name, give the cell type or units); the file holds "
          + tensors.names());
    }
    TreeSet<String> roots = new TreeSet<>();
    variables.forEach(v -> roots.add(v.position().root()));
    if (roots.size() > 1) {
      throw new WeightsException(file + ": the file holds more than one RNN, under scopes " + roots
          + "; choose one with the scope hint");
    }
    // layer -> direction -> depth -> cell
    Map<Integer, Map<Integer, Map<Integer, Cell>>> grid = new TreeMap<>();
    List<Tensor> used = new ArrayList<>();
    boolean anyDirection = false;
    boolean anyLstm = false;
    boolean anyProjection = false;
    for (List<CellVariable> vars : TensorFlowNames.byCell(variables).values()) {
      CellVariable first = vars.get(0);
      anyDirection |= TensorFlowNames.hasDirection(first.cellPath());
      Map<String, Tensor> byRole = new TreeMap<>();
      for (CellVariable v : vars) {
        byRole.put(v.role(), v.tensor());
        used.add(v.tensor());
      }
      Scope scope = first.scope() != null ? first.scope()
          : TensorFlowCells.scopeFromVariables(file, first.cellPath(), byRole, hints);
      Cell cell = TensorFlowCells.build(file, first.cellPath(), scope, byRole, hints);
      anyLstm |= cell instanceof LstmCell;
      anyProjection |= cell instanceof LstmCell l && l.projSize() > 0;
      Position p = first.position();
      Cell previous = grid.computeIfAbsent(p.layer(), k -> new TreeMap<>())
          .computeIfAbsent(p.direction(), k -> new TreeMap<>())
          .put(p.depth(), cell);
      if (previous != null) {
        throw new WeightsException(file + ": two cells sit at " + p.describe() + " (" + first.cellPath()
            + " and another cell scope); the names are ambiguous");
      }
    }
    checkHintsApply(file, hints, anyLstm, anyProjection);
    RnnModel model = assemble(file, grid, anyDirection);
    checkStructureHints(file, hints, model);
    return new Inferred(model, used);
  }

  private static void checkHintsApply(String file, ModelHints hints, boolean anyLstm, boolean anyProjection)
      throws WeightsException {
    if (!anyLstm && hints.forgetBias() != null) {
      throw new WeightsException(file + ": forget_bias " + hints.forgetBias() + " was given but the file holds no LSTM cell");
    }
    if (!anyLstm && hints.cellClip() != null) {
      throw new WeightsException(file + ": cell_clip " + hints.cellClip() + " was given but the file holds no LSTM cell");
    }
    if (!anyProjection && hints.projClip() != null) {
      throw new WeightsException(file + ": proj_clip " + hints.projClip()
          + " was given but no LSTM cell in the file has a projection (projection/kernel)");
    }
  }

  private static RnnModel assemble(String file, Map<Integer, Map<Integer, Map<Integer, Cell>>> grid,
      boolean bidirectional) throws WeightsException {
    List<Layer> layers = new ArrayList<>();
    int expectedLayer = 0;
    for (Map.Entry<Integer, Map<Integer, Map<Integer, Cell>>> layer : grid.entrySet()) {
      if (layer.getKey() != expectedLayer++) {
        throw new WeightsException(file + ": layer " + (expectedLayer - 1) + " has no cells but layer "
            + layer.getKey() + " does (stack_bidirectional_rnn/cell_k must count from 0)");
      }
      Map<Integer, Map<Integer, Cell>> directions = layer.getValue();
      if (bidirectional && directions.size() != 2) {
        throw new WeightsException(file + ": layer " + layer.getKey() + " has only "
            + (directions.containsKey(0) ? "forward (fw)" : "backward (bw)") + " cells; a bidirectional layer needs both");
      }
      List<Cell> forward = stack(file, layer.getKey(), "forward", directions.get(0));
      List<Cell> backward = bidirectional ? stack(file, layer.getKey(), "backward", directions.get(1)) : List.of();
      try {
        layers.add(new Layer(forward, backward));
      } catch (IllegalArgumentException e) {
        throw new WeightsException(file + ": layer " + layer.getKey() + ": " + e.getMessage(), e);
      }
    }
    try {
      return new RnnModel(layers);
    } catch (IllegalArgumentException e) {
      throw new WeightsException(file + ": " + e.getMessage(), e);
    }
  }

  private static List<Cell> stack(String file, int layer, String direction, Map<Integer, Cell> cells)
      throws WeightsException {
    List<Cell> out = new ArrayList<>();
    for (Map.Entry<Integer, Cell> e : cells.entrySet()) {
      if (e.getKey() != out.size()) {
        throw new WeightsException(file + ": layer " + layer + " " + direction + " has a cell_" + e.getKey()
            + " but no cell_" + out.size() + " (MultiRNNCell cells count from 0)");
      }
      out.add(e.getValue());
    }
    return out;
  }

  private static void checkStructureHints(String file, ModelHints hints, RnnModel model) throws WeightsException {
    int depth = model.layers().stream().mapToInt(l -> l.forward().size()).sum();
    if (hints.layers() != null && hints.layers() != depth) {
      throw new WeightsException(file + ": " + hints.layers() + " layers were given but the file holds "
          + depth + " stacked cells per direction");
    }
    boolean bidirectional = model.layers().get(0).isBidirectional();
    if (hints.bidirectional() != null && hints.bidirectional() != bidirectional) {
      throw new WeightsException(file + ": a " + (hints.bidirectional() ? "bidirectional" : "unidirectional")
          + " model was given but the file holds a " + (bidirectional ? "bidirectional (fw/bw)" : "unidirectional")
          + " one");
    }
  }

  /** The cell type a scope name stands for. */
  static CellType cellType(Scope scope) {
    return switch (scope) {
      case BASIC_RNN -> CellType.BASIC_RNN;
      case BASIC_LSTM -> CellType.BASIC_LSTM;
      case LSTM -> CellType.LSTM;
      case GRU -> CellType.GRU;
    };
  }

  static Activation activation(ModelHints hints) {
    return hints.activation() == null ? Activation.TANH : hints.activation();
  }
}
