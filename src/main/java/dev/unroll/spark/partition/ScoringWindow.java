package dev.unroll.spark.partition;

import dev.unroll.model.CellState;
import dev.unroll.model.Pooling;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.spark.plan.InputPlan;
import dev.unroll.spark.plan.OutputPlan;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A window of accepted rows: their sequences in one flat buffer, then their results. Scoring orders the
 * window's rows by length and cuts mini-batches from that order, so each batch holds sequences of similar
 * length; results are stored by the row's position in the window, so which output belongs to which row
 * never changes. Buffers are reused from window to window.
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
  private float[] values = new float[0];
  int count;
  private int steps;

  // results, by row position
  float[] vectors = new float[0];
  float[] outputs = new float[0];

  // one mini-batch, reused
  private final int[] batchLengths;
  private float[] batchValues = new float[0];

  /** Valid steps and the steps a padded batch would have held, over this window. */
  long validSteps;
  long paddedSteps;
  int batches;

  ScoringWindow(InputPlan in, OutputPlan out, int capacity, int batchSize) {
    this.out = out;
    this.width = in.stepWidth();
    this.batchSize = batchSize;
    this.kept = new KeptColumns(in, capacity);
    this.capacity = capacity;
    this.lengths = new int[capacity];
    this.starts = new int[capacity];
    this.batchLengths = new int[batchSize];
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
    if (!reader.copy(row, n, values, steps * width)) {
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

  /** Unrolls every row of the window in mini-batches of similar lengths and stores the results. */
  void score(Unroller unroller) {
    int[] order = byLength();
    vectors = atLeast(vectors, (long) count * out.vectorWidth());
    if (out.emitOutputs()) {
      outputs = atLeast(outputs, (long) steps * out.outputWidth());
    }
    for (int first = 0; first < count; first += batchSize) {
      int n = Math.min(batchSize, count - first);
      int at = 0;
      int longest = 0;
      for (int j = 0; j < n; j++) {
        int row = order[first + j];
        batchLengths[j] = lengths[row];
        longest = Math.max(longest, lengths[row]);
        at += lengths[row];
      }
      batchValues = atLeast(batchValues, (long) at * width);
      at = 0;
      for (int j = 0; j < n; j++) {
        int row = order[first + j];
        System.arraycopy(values, starts[row] * width, batchValues, at * width, lengths[row] * width);
        at += lengths[row];
      }
      UnrollResult result =
          unroller.unroll(new SequenceBatch(n, width, batchLengths, batchValues), out.keepOutputs());
      store(result, order, first, n);
      validSteps += at;
      paddedSteps += (long) n * longest;
      batches++;
    }
  }

  /** Row indices ordered by length, ties in window order. */
  private int[] byLength() {
    long[] keys = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = ((long) lengths[i] << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  private void store(UnrollResult result, int[] order, int first, int n) {
    List<CellState> states = result.finalStates();
    int ow = out.outputWidth();
    int stepAt = 0;
    for (int j = 0; j < n; j++) {
      int row = order[first + j];
      int len = lengths[row];
      for (OutputPlan.VectorField field : out.vectors()) {
        int pos = row * out.vectorWidth() + field.offset();
        for (OutputPlan.Part part : field.parts()) {
          int w = part.width();
          switch (part.source()) {
            case H -> System.arraycopy(states.get(part.slot()).h(), j * w, vectors, pos, w);
            case C -> System.arraycopy(states.get(part.slot()).c(), j * w, vectors, pos, w);
            case MEAN -> Pooling.mean(result.outputs(), stepAt, len, ow, vectors, pos);
            case MAX -> Pooling.max(result.outputs(), stepAt, len, ow, vectors, pos);
          }
          pos += w;
        }
      }
      if (out.emitOutputs()) {
        System.arraycopy(result.outputs(), stepAt * ow, outputs, starts[row] * ow, len * ow);
      }
      stepAt += len;
    }
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
