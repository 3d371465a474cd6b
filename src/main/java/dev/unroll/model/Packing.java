package dev.unroll.model;

import dev.unroll.math.RowTiles;
import java.util.Arrays;

/**
 * The packed, time-major order of a batch's valid steps. Sequences are ranked longest first (ties keep
 * batch order), so the sequences still running at step t are ranks {@code 0 .. live[t]-1}; their rows
 * for step t sit at {@code stepStart[t] .. stepStart[t] + live[t] - 1}. Padding is never stored.
 *
 * <p>Reused from batch to batch ({@link #plan}): its arrays grow on demand and are never shrunk, so a
 * batch allocates nothing. A batch handed over longest first is not sorted again.
 */
final class Packing {
  int count;
  /** order[rank] = the batch index of the sequence at that rank. */
  int[] order = new int[0];
  int[] rankedLengths = new int[0];
  int steps;
  int[] live = new int[0];
  int[] stepStart = new int[0];
  int total;
  /** Where each sequence starts in a sequence-after-sequence array, in steps (the batch's own starts). */
  int[] sequenceStart;
  /**
   * Steps from each rank's start to the next one's when that is one constant, at least 1, and the ranks
   * are the batch's own order: then the rows of step t are {@code rankStride} steps apart from
   * {@code sequenceStart[0] + t}, and can be read where they are. −1 otherwise.
   */
  int rankStride;
  private long[] keys = new long[0];

  /** Plans {@code batch}, replacing the previous batch's plan. */
  void plan(SequenceBatch batch) {
    int n = batch.count();
    int[] lengths = batch.lengths();
    count = n;
    sequenceStart = batch.starts();
    order = atLeast(order, n);
    rankedLengths = atLeast(rankedLengths, n);
    rankStride = -1;
    if (longestFirst(lengths, n)) {
      for (int r = 0; r < n; r++) {
        order[r] = r;
        rankedLengths[r] = lengths[r];
      }
      rankStride = constantStride(sequenceStart, n);
    } else {
      if (keys.length < n) {
        keys = new long[Math.max(n, keys.length + keys.length / 2)];
      }
      for (int i = 0; i < n; i++) {
        keys[i] = ((long) (Integer.MAX_VALUE - lengths[i]) << 32) | i;
      }
      Arrays.sort(keys, 0, n);
      for (int r = 0; r < n; r++) {
        order[r] = (int) keys[r];
        rankedLengths[r] = lengths[order[r]];
      }
    }
    steps = n == 0 ? 0 : rankedLengths[0];
    live = atLeast(live, steps);
    stepStart = atLeast(stepStart, steps);
    int alive = n;
    total = 0;
    for (int t = 0; t < steps; t++) {
      while (rankedLengths[alive - 1] <= t) {
        alive--;
      }
      live[t] = alive;
      stepStart[t] = total;
      total += alive;
    }
  }

  private static int constantStride(int[] starts, int n) {
    if (n < 2) {
      return 1;
    }
    int stride = starts[1] - starts[0];
    for (int r = 2; r < n; r++) {
      if (starts[r] - starts[r - 1] != stride) {
        return -1;
      }
    }
    return stride >= 1 ? stride : -1;
  }

  private static boolean longestFirst(int[] lengths, int n) {
    for (int i = 1; i < n; i++) {
      if (lengths[i] > lengths[i - 1]) {
        return false;
      }
    }
    return true;
  }

  private static int[] atLeast(int[] buffer, int size) {
    return buffer.length >= size ? buffer : new int[Math.max(size, buffer.length + buffer.length / 2)];
  }

  /** Copies the batch's rows, read at its starts, into packed order. */
  void pack(float[] values, int width, float[] packed) {
    for (int r = 0; r < count; r++) {
      int from = sequenceStart[order[r]];
      for (int t = 0; t < rankedLengths[r]; t++) {
        System.arraycopy(values, (from + t) * width, packed, (stepStart[t] + r) * width, width);
      }
    }
  }

  /** The inverse of {@link #pack}: each sequence's rows to {@code values} at {@code starts}, in steps. */
  void unpack(float[] packed, int width, float[] values, int[] starts) {
    for (int r = 0; r < count; r++) {
      int to = starts[order[r]];
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

  /** Rows in batch order to rank order, in the {@link RowTiles} layout of {@code tileRows} rows. */
  void permuteRows(float[] batchOrder, int width, float[] rankOrder, int tileRows) {
    for (int r = 0; r < count; r++) {
      int from = order[r] * width;
      for (int j = 0; j < width; j++) {
        rankOrder[RowTiles.index(r, j, width, tileRows)] = batchOrder[from + j];
      }
    }
  }

  /**
   * Ranks {@code from .. to-1} of a matrix in rank order and {@link RowTiles} layout to the rows the
   * target gives their sequences: rank r's {@code width} floats go to columns {@code column ..} of row
   * {@code rows[order[r]]} (rows of {@code rowWidth} floats).
   */
  void scatterRows(float[] rankOrder, int width, int tileRows, int from, int to, float[] dst, int rowWidth,
      int[] rows, int column) {
    for (int r = from; r < to; r++) {
      RowTiles.fromTiles(rankOrder, 0, width, tileRows, r, r + 1, dst, rows[order[r]] * rowWidth + column, 0);
    }
  }
}
