package dev.unroll.reference.tensorflow;

import dev.unroll.model.CellState;
import dev.unroll.model.SequenceBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * TF v1's {@code dynamic_rnn}, {@code MultiRNNCell} and {@code bidirectional_dynamic_rnn}, stepping
 * {@link TfGraphCell}s: the numbers come from TensorFlow's kernels, only the bookkeeping is here.
 *
 * <p>Like {@code dynamic_rnn} with {@code sequence_length}, each step runs the cell on the whole batch
 * and then keeps the new state only for rows whose sequence is still running; finished rows keep
 * their state and output zeros. A backward direction runs over each sequence's valid prefix reversed
 * ({@code reverse_sequence}) and its outputs are reversed back. Within a direction, cell k+1 of the
 * stack takes cell k's outputs, as in {@code MultiRNNCell}.
 */
final class TfReferenceUnroll {
  private TfReferenceUnroll() {}

  /** One layer: the cell stack of each direction; {@code backward} empty for one direction. */
  record Layer(List<TfGraphCell> forward, List<TfGraphCell> backward) {
    static Layer of(TfGraphCell cell) {
      return new Layer(List.of(cell), List.of());
    }
  }

  /**
   * @param outputs the top layer's outputs at every valid step, sequence after sequence
   * @param finalStates one per cell, in our slot order (layer, forward then backward, bottom first)
   */
  record Result(float[] outputs, List<CellState> finalStates) {}

  /** Runs {@code batch} from {@code initialStates} (slot order; null for zeros). */
  static Result run(List<Layer> layers, SequenceBatch batch, List<CellState> initialStates) {
    int n = batch.count();
    int[] lengths = batch.lengths();
    int steps = 0;
    for (int i = 0; i < n; i++) {
      steps = Math.max(steps, lengths[i]);
    }
    float[][] in = padded(batch, steps);
    int inWidth = batch.inputSize();
    List<CellState> finals = new ArrayList<>();
    for (Layer layer : layers) {
      float[][] forward = runStack(layer.forward(), in, n, lengths, initialStates, finals);
      int fwWidth = last(layer.forward()).stateSize;
      if (layer.backward().isEmpty()) {
        in = forward;
        inWidth = fwWidth;
        continue;
      }
      float[][] backward = reversePrefixes(
          runStack(layer.backward(), reversePrefixes(in, n, inWidth, lengths), n, lengths, initialStates,
              finals),
          n, last(layer.backward()).stateSize, lengths);
      in = concat(forward, fwWidth, backward, last(layer.backward()).stateSize, n);
      inWidth = fwWidth + last(layer.backward()).stateSize;
    }
    return new Result(unpad(in, n, inWidth, lengths), finals);
  }

  private static float[][] runStack(List<TfGraphCell> stack, float[][] in, int n, int[] lengths,
      List<CellState> initialStates, List<CellState> finals) {
    float[][] seq = in;
    for (TfGraphCell cell : stack) {
      CellState initial = initialStates == null ? null : initialStates.get(finals.size());
      float[] h = initial == null ? new float[n * cell.stateSize] : initial.h().clone();
      float[] c = cell.cellStateSize == 0 ? null
          : initial == null ? new float[n * cell.cellStateSize] : initial.c().clone();
      float[][] out = new float[seq.length][n * cell.stateSize];
      for (int t = 0; t < seq.length; t++) {
        float[][] next = cell.step(n, seq[t], h, c);
        for (int r = 0; r < n; r++) {
          if (t < lengths[r]) {
            copyRow(next[0], h, r, cell.stateSize);
            copyRow(next[0], out[t], r, cell.stateSize);
            if (c != null) {
              copyRow(next[1], c, r, cell.cellStateSize);
            }
          }
        }
      }
      finals.add(new CellState(h, c));
      seq = out;
    }
    return seq;
  }

  private static void copyRow(float[] from, float[] to, int row, int width) {
    System.arraycopy(from, row * width, to, row * width, width);
  }

  private static TfGraphCell last(List<TfGraphCell> stack) {
    return stack.get(stack.size() - 1);
  }

  /** Time-major {@code [steps][n × width]}, zeros past each sequence's length. */
  private static float[][] padded(SequenceBatch batch, int steps) {
    int n = batch.count();
    int width = batch.inputSize();
    float[][] out = new float[steps][n * width];
    int at = 0;
    for (int r = 0; r < n; r++) {
      for (int t = 0; t < batch.lengths()[r]; t++, at += width) {
        System.arraycopy(batch.values(), at, out[t], r * width, width);
      }
    }
    return out;
  }

  private static float[] unpad(float[][] steps, int n, int width, int[] lengths) {
    int total = 0;
    for (int r = 0; r < n; r++) {
      total += lengths[r];
    }
    float[] out = new float[total * width];
    int at = 0;
    for (int r = 0; r < n; r++) {
      for (int t = 0; t < lengths[r]; t++, at += width) {
        System.arraycopy(steps[t], r * width, out, at, width);
      }
    }
    return out;
  }

  /** {@code reverse_sequence}: row r's steps {@code 0 .. len−1} reversed, padding left in place. */
  private static float[][] reversePrefixes(float[][] steps, int n, int width, int[] lengths) {
    float[][] out = new float[steps.length][n * width];
    for (int r = 0; r < n; r++) {
      for (int t = 0; t < lengths[r]; t++) {
        System.arraycopy(steps[lengths[r] - 1 - t], r * width, out[t], r * width, width);
      }
    }
    return out;
  }

  private static float[][] concat(float[][] a, int aWidth, float[][] b, int bWidth, int n) {
    int width = aWidth + bWidth;
    float[][] out = new float[a.length][n * width];
    for (int t = 0; t < a.length; t++) {
      for (int r = 0; r < n; r++) {
        System.arraycopy(a[t], r * aWidth, out[t], r * width, aWidth);
        System.arraycopy(b[t], r * bWidth, out[t], r * width + aWidth, bWidth);
      }
    }
    return out;
  }
}
