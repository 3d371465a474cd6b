package dev.unroll.model;

import java.util.Arrays;

/**
 * The packed, time-major order of a batch's valid steps. Sequences are ranked longest first (ties keep
 * batch order), so the sequences still running at step t are ranks {@code 0 .. live[t]-1}; their rows
 * for step t sit at {@code stepStart[t] .. stepStart[t] + live[t] - 1}. Padding is never stored.
 */
final class Packing {
  final int count;
  /** order[rank] = the batch index of the sequence at that rank. */
  final int[] order;
  final int[] rankedLengths;
  final int steps;
  final int[] live;
  final int[] stepStart;
  final int total;
  /** Where each sequence starts in a sequence-after-sequence array, in steps. */
  final int[] sequenceStart;

  private Packing(int count, int[] order, int[] rankedLengths, int[] live, int[] stepStart, int total,
      int[] sequenceStart) {
    this.count = count;
    this.order = order;
    this.rankedLengths = rankedLengths;
    this.steps = live.length;
    this.live = live;
    this.stepStart = stepStart;
    this.total = total;
    this.sequenceStart = sequenceStart;
  }

  static Packing of(SequenceBatch batch) {
    int n = batch.count();
    int[] lengths = batch.lengths();
    long[] keys = new long[n];
    int[] sequenceStart = new int[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) (Integer.MAX_VALUE - lengths[i]) << 32) | i;
      sequenceStart[i] = at;
      at += lengths[i];
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    int[] ranked = new int[n];
    for (int r = 0; r < n; r++) {
      order[r] = (int) keys[r];
      ranked[r] = lengths[order[r]];
    }
    int steps = n == 0 ? 0 : ranked[0];
    int[] live = new int[steps];
    int[] stepStart = new int[steps];
    int alive = n;
    int total = 0;
    for (int t = 0; t < steps; t++) {
      while (ranked[alive - 1] <= t) {
        alive--;
      }
      live[t] = alive;
      stepStart[t] = total;
      total += alive;
    }
    return new Packing(n, order, ranked, live, stepStart, total, sequenceStart);
  }

  /** Copies sequence-after-sequence rows into packed order. */
  void pack(float[] values, int width, float[] packed) {
    for (int r = 0; r < count; r++) {
      int from = sequenceStart[order[r]];
      for (int t = 0; t < rankedLengths[r]; t++) {
        System.arraycopy(values, (from + t) * width, packed, (stepStart[t] + r) * width, width);
      }
    }
  }

  /** The inverse of {@link #pack}. */
  void unpack(float[] packed, int width, float[] values) {
    for (int r = 0; r < count; r++) {
      int to = sequenceStart[order[r]];
      for (int t = 0; t < rankedLengths[r]; t++) {
        System.arraycopy(packed, (stepStart[t] + r) * width, values, (to + t) * width, width);
      }
    }
  }

  /** Reverses each sequence's valid steps: row (t, r) of the result is row (len_r − 1 − t, r). */
  void reverse(float[] packed, int width, float[] reversed) {
    reverseInto(packed, width, reversed, width, 0);
  }

  /**
   * Like {@link #reverse}, writing each reversed row into columns {@code column ..} of rows of width
   * {@code dstStride}.
   */
  void reverseInto(float[] packed, int width, float[] dst, int dstStride, int column) {
    for (int r = 0; r < count; r++) {
      int len = rankedLengths[r];
      for (int t = 0; t < len; t++) {
        System.arraycopy(packed, (stepStart[len - 1 - t] + r) * width, dst,
            (stepStart[t] + r) * dstStride + column, width);
      }
    }
  }

  /** Rows in batch order to rank order. */
  void permuteRows(float[] batchOrder, int width, float[] rankOrder) {
    for (int r = 0; r < count; r++) {
      System.arraycopy(batchOrder, order[r] * width, rankOrder, r * width, width);
    }
  }

  /** Rows in rank order back to batch order. */
  void unpermuteRows(float[] rankOrder, int width, float[] batchOrder) {
    for (int r = 0; r < count; r++) {
      System.arraycopy(rankOrder, r * width, batchOrder, order[r] * width, width);
    }
  }
}
