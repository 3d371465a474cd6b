package dev.unroll.weights;

import dev.unroll.cell.Cell;
import dev.unroll.model.Layer;
import dev.unroll.model.ModelHints;
import dev.unroll.model.RnnModel;

/**
 * The user's hints checked against a model whose file describes it completely (ONNX graphs, Keras files,
 * PyTorch state_dicts). Hints that only TensorFlow v1 checkpoints need ({@code forget_bias}, clips, the
 * cell class) are refused for these formats, since the file stores the complete math.
 */
public final class FrameworkHints {
  private FrameworkHints() {}

  /** Checks the hints that can contradict a framework file; refuses those it cannot apply. */
  public static void check(String where, RnnModel model, ModelHints hints, boolean torch) throws WeightsException {
    if (hints.cell() != null || hints.forgetBias() != null || hints.cellClip() != null
        || hints.projClip() != null) {
      throw new WeightsException(where + ": the cell class, forget_bias and clip hints apply to TensorFlow v1"
          + " checkpoints only; this file stores the complete cell, so leave them unset");
    }
    if (hints.activation() != null && !torch) {
      throw new WeightsException(where + ": the activation hint applies to TensorFlow v1 checkpoints and"
          + " PyTorch's nn.RNN only; this file records its activations");
    }
    if (hints.scope() != null && !torch) {
      throw new WeightsException(where + ": the scope hint selects a module in a checkpoint or state_dict;"
          + " this file holds one model");
    }
    if (hints.layers() != null && hints.layers() != model.layers().size()) {
      throw new WeightsException(where + ": the layers hint says " + hints.layers() + " but the file holds "
          + model.layers().size() + " layers");
    }
    for (Layer layer : model.layers()) {
      if (hints.bidirectional() != null && hints.bidirectional() != layer.isBidirectional()) {
        throw new WeightsException(where + ": the bidirectional hint says " + hints.bidirectional()
            + " but the file's layer " + model.layers().indexOf(layer) + " is "
            + (layer.isBidirectional() ? "bidirectional" : "one direction"));
      }
      for (int d = 0; d < 2; d++) {
        for (Cell cell : layer.direction(d)) {
          if (hints.units() != null && hints.units() != cell.units()) {
            throw new WeightsException(where + ": the units hint says " + hints.units() + " but the file's "
                + cell.describe() + " has " + cell.units());
          }
        }
      }
    }
  }
}
