package dev.unroll.verify;

import dev.unroll.cell.Cell;
import dev.unroll.model.CellState;
import dev.unroll.model.RnnModel;
import dev.unroll.model.UnrollResult;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outputs a user expects, read from {@code verify}'s expected file, each laid beside what unroll
 * computed for the same sample. Names (any subset, at least one):
 * <ul>
 *   <li>{@code outputs}: the top layer's output at every step, {@code [batch, steps, width]} with zeros
 *       past each length ({@code dynamic_rnn}), or {@code [total steps, width]}, sequence after
 *       sequence;
 *   <li>{@code h}, {@code c} {@code [batch, width]}: the top layer's final state, forward then
 *       backward for a bidirectional layer (what {@code score} writes as {@code h} and {@code c});
 *   <li>{@code h_<k>}, {@code c_<k>} {@code [batch, width]}: cell {@code k}'s final state, cells in
 *       slot order (layer by layer, forward before backward, bottom of a stack first);
 *   <li>{@code h_n}, {@code c_n} {@code [cells, batch, width]}: every cell's final state in slot order,
 *       which is PyTorch's {@code h_n}/{@code c_n} order for PyTorch models.
 * </ul>
 */
final class ExpectedOutputs {
  static final String NAMES = "outputs, h, c, h_<cell>, c_<cell>, h_n, c_n";

  private final String file;
  private final RnnModel model;
  private final VerifySample sample;
  private final UnrollResult result;

  private ExpectedOutputs(String file, RnnModel model, VerifySample sample, UnrollResult result) {
    this.file = file;
    this.model = model;
    this.sample = sample;
    this.result = result;
  }

  /** One difference per expected array, in the file's order. */
  static List<OutputDifference> compare(NamedTensors expected, RnnModel model, VerifySample sample,
      UnrollResult result) throws BadSampleException {
    if (expected.size() == 0) {
      throw new BadSampleException(expected.source() + ": no arrays; expected any of " + NAMES);
    }
    ExpectedOutputs outputs = new ExpectedOutputs(expected.source(), model, sample, result);
    List<OutputDifference> differences = new ArrayList<>();
    for (Tensor t : expected.all()) {
      Computed ours = outputs.computed(t);
      if (!Arrays.equals(ours.shape(), t.shape())) {
        throw new BadSampleException(expected.source() + ": array '" + t.name() + "' has shape "
            + Tensor.shapeString(t.shape()) + ", but the model gives " + Tensor.shapeString(ours.shape())
            + " (" + ours.what() + ")");
      }
      differences.add(OutputDifference.of(t.name(), t.shape(), t.values(), ours.values()));
    }
    return differences;
  }

  /** What unroll computed for one expected name, and what that is, for messages. */
  private record Computed(long[] shape, float[] values, String what) {}

  private Computed computed(Tensor expected) throws BadSampleException {
    String name = expected.name();
    int count = result.count();
    switch (name) {
      case "outputs":
        return outputs(expected);
      case "h", "c": {
        List<Integer> top = topSlots();
        int width = 0;
        for (int s : top) {
          width += width(name, s);
        }
        float[] values = new float[count * width];
        int offset = 0;
        for (int s : top) {
          int w = width(name, s);
          float[] state = state(name, s);
          for (int i = 0; i < count; i++) {
            System.arraycopy(state, i * w, values, i * width + offset, w);
          }
          offset += w;
        }
        return new Computed(new long[] {count, width}, values,
            "the top layer's final " + name + ": [batch, " + (top.size() == 2 ? "forward + backward " : "")
                + "width]");
      }
      case "h_n", "c_n": {
        String part = name.substring(0, 1);
        int slots = model.slots().size();
        int width = width(part, 0);
        float[] values = new float[slots * count * width];
        for (int s = 0; s < slots; s++) {
          if (width(part, s) != width) {
            throw new BadSampleException(file + ": array '" + name + "' stacks every cell's final " + part
                + ", but the model's cells have different widths (" + width + " and " + width(part, s)
                + "); compare them one by one as " + part + "_<cell>");
          }
          System.arraycopy(state(part, s), 0, values, s * count * width, count * width);
        }
        return new Computed(new long[] {slots, count, width}, values,
            "every cell's final " + part + ": [cells, batch, width]");
      }
      default:
        return cellState(name);
    }
  }

  private Computed outputs(Tensor expected) {
    int width = result.outputWidth();
    int count = result.count();
    if (expected.rank() == 2) {
      long total = 0;
      for (int i = 0; i < count; i++) {
        total += result.lengths()[i];
      }
      // the unroller's buffers may be longer than this batch needs
      return new Computed(new long[] {total, width}, Arrays.copyOf(result.outputs(), (int) total * width),
          "the top layer's outputs, sequence after sequence: [total steps, width]");
    }
    // padded: as many steps as the expected array has, so long as every sequence fits
    int steps = expected.rank() == 3 && expected.dim(1) >= sample.steps() ? expected.dim(1) : sample.steps();
    float[] values = new float[count * steps * width];
    for (int i = 0; i < count; i++) {
      System.arraycopy(result.paddedOutputs(i, steps), 0, values, i * steps * width, steps * width);
    }
    return new Computed(new long[] {count, steps, width}, values,
        "the top layer's outputs, zero past each length: [batch, steps, width]");
  }

  private Computed cellState(String name) throws BadSampleException {
    int slots = model.slots().size();
    int slot = -1;
    if ((name.startsWith("h_") || name.startsWith("c_")) && name.substring(2).matches("[0-9]{1,9}")) {
      slot = Integer.parseInt(name.substring(2));
    }
    if (slot < 0) {
      throw new BadSampleException(file + ": array '" + name + "' is not an output verify knows; expected "
          + "any of " + NAMES + " (cells 0 to " + (slots - 1) + ")");
    }
    if (slot >= slots) {
      throw new BadSampleException(file + ": array '" + name + "' names cell " + slot + ", but the model has "
          + slots + (slots == 1 ? " cell (0)" : " cells (0 to " + (slots - 1) + ")"));
    }
    String part = name.substring(0, 1);
    int width = width(part, slot);
    return new Computed(new long[] {result.count(), width}, state(part, slot),
        model.slots().get(slot).describe() + " final " + part + ": [batch, width]");
  }

  /** The top layer's top cell of each direction it runs, forward first. */
  private List<Integer> topSlots() {
    List<RnnModel.Slot> slots = model.slots();
    int top = model.layers().size() - 1;
    List<Integer> out = new ArrayList<>();
    for (int d = 0; d < 2; d++) {
      int depth = model.layers().get(top).direction(d).size() - 1;
      for (int s = 0; s < slots.size(); s++) {
        RnnModel.Slot slot = slots.get(s);
        if (slot.layer() == top && slot.direction() == d && slot.depth() == depth) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private int width(String part, int slot) throws BadSampleException {
    Cell cell = model.slots().get(slot).cell();
    if (part.equals("c") && cell.cellStateSize() == 0) {
      throw new BadSampleException(file + ": the expected file holds a c state, but "
          + model.slots().get(slot).describe() + " (" + cell.describe() + ") has none");
    }
    return part.equals("h") ? cell.outputSize() : cell.cellStateSize();
  }

  /** Exactly {@code batch × width} values: the unroller's buffers may be longer. */
  private float[] state(String part, int slot) throws BadSampleException {
    CellState state = result.finalStates().get(slot);
    return Arrays.copyOf(part.equals("h") ? state.h() : state.c(), result.count() * width(part, slot));
  }
}
