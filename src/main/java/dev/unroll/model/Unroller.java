package dev.unroll.model;

import dev.unroll.cell.Cell;
import dev.unroll.cell.CellKernel;
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
  private float[] packedInput = new float[0];
  private final float[][] layerBuffers = {new float[0], new float[0]};
  private float[] reversed = new float[0];
  private float[] stackOutput = new float[0];
  private float[] stackInput = new float[0];
  private float[] gates = new float[0];
  private float[] scratch = new float[0];
  private float[] stateH = new float[0];
  private float[] stateC = new float[0];

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
   * order; null for zeros).
   */
  public UnrollResult unroll(SequenceBatch batch, List<CellState> initialStates, boolean keepOutputs) {
    if (batch.inputSize() != model.inputSize()) {
      throw new IllegalArgumentException(
          "the model takes input size " + model.inputSize() + " but the batch has " + batch.inputSize());
    }
    List<RnnModel.Slot> slots = prepared.slots();
    if (initialStates != null && initialStates.size() != slots.size()) {
      throw new IllegalArgumentException(
          "the model has " + slots.size() + " cells but " + initialStates.size() + " initial states were given");
    }
    Packing p = Packing.of(batch);
    int n = batch.count();

    packedInput = atLeast(packedInput, p.total * batch.inputSize());
    p.pack(batch.values(), batch.inputSize(), packedInput);

    List<CellState> finals = new ArrayList<>(slots.size());
    float[] in = packedInput;
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
          finals.add(run(kernel, p, n, src, dst, dstOffset, dstStride, initial, slots.get(slot)));
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

    float[] outputs = null;
    if (keepOutputs) {
      outputs = new float[p.total * inWidth];
      p.unpack(in, inWidth, outputs);
    }
    return new UnrollResult(n, Arrays.copyOf(batch.lengths(), n), inWidth, finals, outputs);
  }

  private CellState run(CellKernel kernel, Packing p, int n, float[] src, float[] dst, int dstOffset,
      int dstStride, CellState initial, RnnModel.Slot slot) {
    Cell cell = kernel.cell();
    int hWidth = cell.outputSize();
    int cWidth = cell.cellStateSize();
    int gateWidth = kernel.gateWidth();
    // working state, reused between cells and batches: only the final states returned are allocated
    float[] h = stateH = atLeast(stateH, n * hWidth);
    float[] c = stateC = atLeast(stateC, n * cWidth);
    Arrays.fill(h, 0, n * hWidth, 0f);
    Arrays.fill(c, 0, n * cWidth, 0f);
    if (initial != null) {
      p.permuteRows(checked(initial.h(), n, hWidth, slot, "h"), hWidth, h);
      if (cWidth > 0) {
        p.permuteRows(checked(initial.c(), n, cWidth, slot, "c"), cWidth, c);
      }
    }
    int inWidth = cell.inputSize();
    gates = atLeast(gates, n * gateWidth);
    scratch = atLeast(scratch, kernel.scratchSize(n));
    for (int t = 0; t < p.steps; t++) {
      int start = p.stepStart[t];
      kernel.step(p.live[t], src, start * inWidth, h, c, gates, dst, dstOffset + start * dstStride,
          dstStride, scratch);
    }
    float[] finalH = new float[n * hWidth];
    p.unpermuteRows(h, hWidth, finalH);
    float[] finalC = null;
    if (cWidth > 0) {
      finalC = new float[n * cWidth];
      p.unpermuteRows(c, cWidth, finalC);
    }
    return new CellState(finalH, finalC);
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
