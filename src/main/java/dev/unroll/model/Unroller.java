package dev.unroll.model;

import dev.unroll.cell.Cell;
import dev.unroll.cell.CellKernel;
import dev.unroll.math.Gemm;
import dev.unroll.math.RowTiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link PreparedModel} over mini-batches with TensorFlow {@code dynamic_rnn} semantics: each
 * sequence runs its own length, so past it outputs are zero (not stored) and state is carried through
 * unchanged; a backward direction reverses only each sequence's valid prefix.
 *
 * <p>Not thread-safe: it keeps its buffers between batches. Use one per thread.
 */
public final class Unroller {
  private final PreparedModel prepared;
  private final RnnModel model;

  // Reused between batches; grown on demand, never shrunk.
  private final Packing packing = new Packing();
  private float[] packedInput = new float[0];
  private final float[][] layerBuffers = {new float[0], new float[0]};
  private float[] reversed = new float[0];
  private float[] stackOutput = new float[0];
  private float[] stackInput = new float[0];
  private float[] gates = new float[0];
  private float[] scratch = new float[0];
  private float[] stateH = new float[0];
  private float[] stateC = new float[0];
  private float[] stepInput = new float[0];

  public Unroller(PreparedModel prepared) {
    this.prepared = prepared;
    this.model = prepared.model();
  }

  /**
   * Unrolls {@code batch} from zero initial states.
   *
   * @param keepOutputs whether to return the top layer's per-step outputs
   */
  public UnrollResult unroll(SequenceBatch batch, boolean keepOutputs) {
    return unroll(batch, null, keepOutputs);
  }

  /**
   * Unrolls {@code batch} from {@code initialStates} (one per cell in slot order, in the batch's row
   * order; null for zeros) into new arrays: every cell's final states, and the outputs one sequence
   * after another.
   */
  public UnrollResult unroll(SequenceBatch batch, List<CellState> initialStates, boolean keepOutputs) {
    List<RnnModel.Slot> slots = prepared.slots();
    int n = batch.count();
    List<UnrollTarget.Part> parts = new ArrayList<>();
    int rowWidth = 0;
    for (int s = 0; s < slots.size(); s++) {
      Cell cell = slots.get(s).cell();
      parts.add(new UnrollTarget.Part(s, false, rowWidth));
      rowWidth += cell.outputSize();
      if (cell.cellStateSize() > 0) {
        parts.add(new UnrollTarget.Part(s, true, rowWidth));
        rowWidth += cell.cellStateSize();
      }
    }
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    int[] starts = SequenceBatch.consecutive(n, batch.lengths());
    float[] outputs = keepOutputs ? new float[Math.toIntExact(batch.totalSteps() * model.outputSize())] : null;
    float[] states = new float[n * rowWidth];
    unrollInto(batch, initialStates, new UnrollTarget(states, rowWidth, rows, parts, outputs), starts);
    List<CellState> finals = new ArrayList<>(slots.size());
    for (int k = 0; k < parts.size(); k++) {
      UnrollTarget.Part h = parts.get(k);
      UnrollTarget.Part c = k + 1 < parts.size() && parts.get(k + 1).cellState() ? parts.get(++k) : null;
      Cell cell = slots.get(h.slot()).cell();
      finals.add(new CellState(columns(states, n, rowWidth, h.column(), cell.outputSize()),
          c == null ? null : columns(states, n, rowWidth, c.column(), cell.cellStateSize())));
    }
    return new UnrollResult(n, Arrays.copyOf(batch.lengths(), n), model.outputSize(), finals, outputs);
  }

  /** Columns {@code column .. column+width} of {@code n} rows of {@code rowWidth}, as rows of their own. */
  private static float[] columns(float[] rows, int n, int rowWidth, int column, int width) {
    float[] out = new float[n * width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows, i * rowWidth + column, out, i * width, width);
    }
    return out;
  }

  /**
   * Unrolls {@code batch} from zero initial states into {@code target}'s buffers, allocating nothing once
   * this unroller's working buffers have grown to the batch. A batch handed over longest first is not
   * sorted again.
   */
  public void unrollInto(SequenceBatch batch, UnrollTarget target) {
    unrollInto(batch, null, target, batch.starts());
  }

  /** {@link #unrollInto(SequenceBatch, UnrollTarget)} with outputs placed at {@code outputStarts}. */
  private void unrollInto(SequenceBatch batch, List<CellState> initialStates, UnrollTarget target,
      int[] outputStarts) {
    if (batch.inputSize() != model.inputSize()) {
      throw new IllegalArgumentException(
          "the model takes input size " + model.inputSize() + " but the batch has " + batch.inputSize());
    }
    List<RnnModel.Slot> slots = prepared.slots();
    if (initialStates != null && initialStates.size() != slots.size()) {
      throw new IllegalArgumentException(
          "the model has " + slots.size() + " cells but " + initialStates.size() + " initial states were given");
    }
    boolean keepOutputs = target.outputs() != null;
    Packing p = packing;
    p.plan(batch);
    int n = batch.count();

    // The first layer's forward cell tiles each step of a batch whose sequences lie a constant stride
    // apart from where it is. Packing such a batch time-major first wrote and read it once more: W3
    // (RNN 256x50 64->128) ran 11-15% faster without, W2 (GRU) 3-5%, W1 6%, W4 3%, W5 the same (CPU
    // time, measured when the matmul read it in place).
    boolean inPlace = p.rankStride > 0 && model.layers().get(0).direction(1).isEmpty();
    float[] in = batch.values();
    if (!inPlace) {
      packedInput = atLeast(packedInput, p.total * batch.inputSize());
      p.pack(batch.values(), batch.inputSize(), packedInput);
      in = packedInput;
    }
    int inWidth = batch.inputSize();
    int slot = 0;
    for (int l = 0; l < model.layers().size(); l++) {
      Layer layer = model.layers().get(l);
      int outWidth = layer.outputSize();
      float[] out = layerBuffers[l % 2] = atLeast(layerBuffers[l % 2], p.total * outWidth);
      int column = 0;
      // nobody reads the top layer's per-step outputs unless they are kept: the cells skip writing them
      boolean outputsRead = keepOutputs || l < model.layers().size() - 1;
      for (int d = 0; d < 2; d++) {
        if (layer.direction(d).isEmpty()) {
          continue; // a forward-only or backward-only layer
        }
        float[] src = in;
        if (d == 1) {
          reversed = atLeast(reversed, p.total * inWidth);
          p.reverse(in, inWidth, reversed);
          src = reversed;
        }
        List<Cell> stack = layer.direction(d);
        for (int k = 0; k < stack.size(); k++, slot++) {
          CellKernel kernel = prepared.kernel(slot);
          Cell cell = kernel.cell();
          boolean top = k == stack.size() - 1;
          float[] dst;
          int dstOffset;
          int dstStride;
          if (top && !outputsRead) {
            dst = null;
            dstOffset = 0;
            dstStride = 0;
          } else if (top && d == 0) {
            dst = out;
            dstOffset = column;
            dstStride = outWidth;
          } else {
            stackOutput = atLeast(stackOutput, p.total * cell.outputSize());
            dst = stackOutput;
            dstOffset = 0;
            dstStride = cell.outputSize();
          }
          CellState initial = initialStates == null ? null : initialStates.get(slot);
          boolean srcInPlace = inPlace && l == 0 && k == 0;
          run(kernel, p, n, src, srcInPlace, dst, dstOffset, dstStride, initial, slots.get(slot), slot,
              target);
          if (top && d == 1 && outputsRead) {
            p.reverseInto(stackOutput, cell.outputSize(), out, outWidth, column);
          } else if (!top) {
            // the next cell in the stack reads this output; swap so the next write does not clobber it
            float[] t = stackInput;
            stackInput = stackOutput;
            stackOutput = t;
            src = stackInput;
          }
          if (top) {
            column += cell.outputSize();
          }
        }
      }
      in = out;
      inWidth = outWidth;
    }

    if (keepOutputs) {
      p.unpack(in, inWidth, target.outputs(), outputStarts);
    }
  }

  /**
   * One cell over every step. {@code src} holds its inputs packed time-major, or, when
   * {@code srcInPlace}, is the batch's own values read where they are ({@link Packing#rankStride});
   * each step's rows go into the kernel's tiles first.
   */
  private void run(CellKernel kernel, Packing p, int n, float[] src, boolean srcInPlace, float[] dst,
      int dstOffset, int dstStride, CellState initial, RnnModel.Slot slot, int slotIndex,
      UnrollTarget target) {
    Cell cell = kernel.cell();
    int hWidth = cell.outputSize();
    int cWidth = cell.cellStateSize();
    int gateWidth = kernel.gateWidth();
    Gemm gemm = prepared.gemm();
    int tileRows = gemm.tileRows();
    int rows = RowTiles.paddedRows(n, tileRows);
    // working state in the kernel's tiles, reused between cells and batches
    float[] h = stateH = atLeast(stateH, rows * hWidth);
    float[] c = stateC = atLeast(stateC, rows * cWidth);
    Arrays.fill(h, 0, rows * hWidth, 0f);
    Arrays.fill(c, 0, rows * cWidth, 0f);
    if (initial != null) {
      p.permuteRows(checked(initial.h(), n, hWidth, slot, "h"), hWidth, h, tileRows);
      if (cWidth > 0) {
        p.permuteRows(checked(initial.c(), n, cWidth, slot, "c"), cWidth, c, tileRows);
      }
    }
    int inWidth = cell.inputSize();
    gates = atLeast(gates, rows * gateWidth);
    scratch = atLeast(scratch, kernel.scratchSize(rows));
    stepInput = atLeast(stepInput, rows * inWidth);
    int xStride = srcInPlace ? p.rankStride * inWidth : inWidth;
    int running = n; // ranks from here on have had their final state taken out
    for (int t = 0; t < p.steps; t++) {
      int live = p.live[t];
      // ranks that ran their last step before t are final now, and their tile may go on without them
      takeFinals(p, live, running, h, c, hWidth, cWidth, tileRows, slotIndex, target);
      running = live;
      int start = p.stepStart[t];
      int xOffset = (srcInPlace ? p.sequenceStart[0] + t : start) * inWidth;
      gemm.toTiles(src, xOffset, xStride, live, inWidth, stepInput, 0);
      kernel.step(live, stepInput, 0, h, c, gates, dst, dstOffset + start * dstStride, dstStride, scratch);
    }
    takeFinals(p, 0, running, h, c, hWidth, cWidth, tileRows, slotIndex, target);
  }

  /** Each wanted final state of ranks {@code from .. to-1} from the working state to its place in the target. */
  private static void takeFinals(Packing p, int from, int to, float[] h, float[] c, int hWidth, int cWidth,
      int tileRows, int slotIndex, UnrollTarget target) {
    if (from >= to) {
      return;
    }
    List<UnrollTarget.Part> parts = target.parts();
    for (int k = 0; k < parts.size(); k++) { // indexed: no iterator per cell
      UnrollTarget.Part part = parts.get(k);
      if (part.slot() == slotIndex) {
        p.scatterRows(part.cellState() ? c : h, part.cellState() ? cWidth : hWidth, tileRows, from, to,
            target.states(), target.rowWidth(), target.rows(), part.column());
      }
    }
  }

  private static float[] checked(float[] state, int n, int width, RnnModel.Slot slot, String name) {
    if (state == null || state.length != n * width) {
      throw new IllegalArgumentException(
          "initial " + name + " for " + slot.describe() + " should hold " + n + " x " + width
              + " values, found " + (state == null ? "none" : state.length));
    }
    return state;
  }

  private static float[] atLeast(float[] buffer, int size) {
    return buffer.length >= size ? buffer : new float[Math.max(size, buffer.length + buffer.length / 2)];
  }
}
