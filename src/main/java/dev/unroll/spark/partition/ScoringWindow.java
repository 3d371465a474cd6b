package dev.unroll.spark.partition;

import dev.unroll.model.Pooling;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollTarget;
import dev.unroll.model.Unroller;
import dev.unroll.spark.plan.InputPlan;
import dev.unroll.spark.plan.OutputPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A window of accepted rows: their sequences in one flat buffer, then their results. Scoring orders the
 * window's rows by length, longest first, and cuts mini-batches from that order, so each batch holds
 * sequences of similar length; a batch is handed to the unroll as offsets into the flat buffer, and the
 * results land by the row's position in the window, so which output belongs to which row never changes.
 * Buffers are reused from window to window.
 */
final class ScoringWindow {
  private final OutputPlan out;
  private final int width;
  private final int batchSize;

  // the window's rows, in input order
  final KeptColumns kept;
  private final int capacity;
  final int[] lengths;
  /** Where row i's steps start in {@link #values} and {@link #outputs}, in steps. */
  final int[] starts;
  private final PartitionBuffers buffers;
  private float[] values;
  int count;
  private int steps;

  // results, by row position
  float[] vectors;
  float[] outputs;

  // the scoring order and one mini-batch's offsets into the window, reused
  private final long[] sortKeys;
  private final int[] order;
  private final int[] batchRows;
  private final int[] batchLengths;
  private final int[] batchStarts;
  private final List<UnrollTarget.Part> stateParts;
  private final boolean pooled;

  /** Valid steps and the steps a padded batch would have held, over this window. */
  long validSteps;
  long paddedSteps;
  int batches;

  ScoringWindow(InputPlan in, OutputPlan out, int capacity, int batchSize, PartitionBuffers buffers) {
    this.out = out;
    this.buffers = buffers;
    this.values = buffers.values;
    this.vectors = buffers.vectors;
    this.outputs = buffers.outputs;
    this.width = in.stepWidth();
    this.batchSize = batchSize;
    this.kept = new KeptColumns(in, capacity);
    this.capacity = capacity;
    this.lengths = new int[capacity];
    this.starts = new int[capacity];
    this.sortKeys = new long[capacity];
    this.order = new int[capacity];
    this.batchRows = new int[batchSize];
    this.batchLengths = new int[batchSize];
    this.batchStarts = new int[batchSize];
    this.stateParts = stateParts(out);
    this.pooled = out.vectors().stream().flatMap(f -> f.parts().stream())
        .anyMatch(p -> p.source() == OutputPlan.Source.MEAN || p.source() == OutputPlan.Source.MAX);
  }

  boolean isFull() {
    return count == capacity;
  }

  void clear() {
    kept.clear(count);
    count = 0;
    steps = 0;
    validSteps = 0;
    paddedSteps = 0;
    batches = 0;
  }

  /** Adds {@code row} if the reader accepts it; false (the row left out) if not. */
  boolean add(InternalRow row, SequenceReader reader) {
    int n = reader.validSteps(row);
    if (n < 0) {
      return false;
    }
    values = grown(values, (long) (steps + n) * width);
    if (!reader.copy(n, values, steps * width)) {
      return false;
    }
    // the input iterator reuses its row object: keep the id and pass-through columns
    kept.keep(count, row);
    lengths[count] = n;
    starts[count] = steps;
    steps += n;
    count++;
    return true;
  }

  /** Hands the grown buffers back, for the next partition's window (this window is not used again). */
  PartitionBuffers release() {
    buffers.values = values;
    buffers.vectors = vectors;
    buffers.outputs = outputs;
    return buffers;
  }

  /**
   * Unrolls every row of the window in mini-batches of similar lengths, longest first. A batch is the
   * window's own buffer read at its rows' offsets, and the unroll writes each final state straight to its
   * row's place in {@link #vectors} (its outputs to {@link #outputs}): no float is copied for a batch.
   */
  void score(Unroller unroller) {
    longestFirst();
    vectors = atLeast(vectors, (long) count * out.vectorWidth());
    if (out.keepOutputs()) {
      outputs = atLeast(outputs, (long) steps * out.outputWidth());
    }
    UnrollTarget target = new UnrollTarget(vectors, out.vectorWidth(), batchRows, stateParts,
        out.keepOutputs() ? outputs : null);
    for (int first = 0; first < count; first += batchSize) {
      int n = Math.min(batchSize, count - first);
      int at = 0;
      for (int j = 0; j < n; j++) {
        int row = order[first + j];
        batchRows[j] = row;
        batchLengths[j] = lengths[row];
        batchStarts[j] = starts[row];
        at += lengths[row];
      }
      unroller.unrollInto(new SequenceBatch(n, width, batchLengths, batchStarts, values), target);
      if (pooled) {
        pool(n);
      }
      validSteps += at;
      paddedSteps += (long) n * batchLengths[0];
      batches++;
    }
  }

  /** Fills {@link #order} with the row indices, longest first, ties in window order. */
  private void longestFirst() {
    for (int i = 0; i < count; i++) {
      sortKeys[i] = ((long) (Integer.MAX_VALUE - lengths[i]) << 32) | i;
    }
    Arrays.sort(sortKeys, 0, count);
    for (int i = 0; i < count; i++) {
      order[i] = (int) sortKeys[i];
    }
  }

  /** The mean and max parts of the batch's rows, from their outputs. */
  private void pool(int n) {
    int ow = out.outputWidth();
    for (int j = 0; j < n; j++) {
      int row = batchRows[j];
      for (OutputPlan.VectorField field : out.vectors()) {
        int pos = row * out.vectorWidth() + field.offset();
        for (OutputPlan.Part part : field.parts()) {
          switch (part.source()) {
            case MEAN -> Pooling.mean(outputs, starts[row], lengths[row], ow, vectors, pos);
            case MAX -> Pooling.max(outputs, starts[row], lengths[row], ow, vectors, pos);
            case H, C -> { } // written by the unroll
          }
          pos += part.width();
        }
      }
    }
  }

  /** Where each final state part of the output plan lands in a row of {@link #vectors}. */
  private static List<UnrollTarget.Part> stateParts(OutputPlan out) {
    List<UnrollTarget.Part> parts = new ArrayList<>();
    for (OutputPlan.VectorField field : out.vectors()) {
      int column = field.offset();
      for (OutputPlan.Part part : field.parts()) {
        if (part.source() == OutputPlan.Source.H || part.source() == OutputPlan.Source.C) {
          parts.add(new UnrollTarget.Part(part.slot(), part.source() == OutputPlan.Source.C, column));
        }
        column += part.width();
      }
    }
    return parts;
  }

  /** {@code buffer}, or a larger copy of it when it holds fewer than {@code size} floats. */
  private static float[] grown(float[] buffer, long size) {
    float[] larger = atLeast(buffer, size);
    if (larger != buffer) {
      System.arraycopy(buffer, 0, larger, 0, buffer.length);
    }
    return larger;
  }

  /** {@code buffer}, or a new (empty) larger one when it holds fewer than {@code size} floats. */
  private static float[] atLeast(float[] buffer, long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a window needs " + size + " floats; lower --sort-window");
    }
    return buffer.length >= size ? buffer : new float[(int) Math.max(size, buffer.length + buffer.length / 2)];
  }
}
