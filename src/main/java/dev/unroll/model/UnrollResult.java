package dev.unroll.model;

import java.util.Arrays;
import java.util.List;

/**
 * What an unroll produced for a batch, in the batch's own order.
 *
 * @param finalStates one per cell, in the model's slot order: the state after each sequence's last
 *     valid step (the initial state for a sequence of length 0)
 * @param outputs the top layer's output at every valid step, laid out like the input (sequence after
 *     sequence, {@code lengths[i] × outputWidth}); null when outputs were not asked for
 */
public record UnrollResult(
    int count, int[] lengths, int outputWidth, List<CellState> finalStates, float[] outputs) {

  /**
   * Sequence {@code i}'s outputs padded to {@code steps} steps with zeros past its length, as
   * TensorFlow's {@code dynamic_rnn} returns them.
   */
  public float[] paddedOutputs(int i, int steps) {
    if (outputs == null) {
      throw new IllegalStateException("outputs were not kept for this unroll");
    }
    int start = 0;
    for (int k = 0; k < i; k++) {
      start += lengths[k];
    }
    float[] padded = new float[steps * outputWidth];
    int n = Math.min(steps, lengths[i]) * outputWidth;
    System.arraycopy(outputs, start * outputWidth, padded, 0, n);
    return padded;
  }

  /** Row {@code i} of a state array of width {@code width}. */
  public static float[] row(float[] state, int i, int width) {
    return Arrays.copyOfRange(state, i * width, (i + 1) * width);
  }
}
