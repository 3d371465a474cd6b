package dev.unroll.verify;

import dev.unroll.model.SequenceBatch;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Tensor;
import java.util.Arrays;
import java.util.Set;

/**
 * The sequences {@code verify} scores, read from its inputs file: {@code x} either padded
 * {@code [batch, steps, features]} (with optional {@code lengths [batch]}, default every step) or packed
 * {@code [total steps, features]}, sequence after sequence (then {@code lengths} is required).
 *
 * @param steps the padded length of {@code x}; for packed inputs, the longest sequence
 */
record VerifySample(SequenceBatch batch, int steps) {
  static final String X = "x";
  static final String LENGTHS = "lengths";

  static VerifySample read(NamedTensors arrays, int inputSize) throws BadSampleException {
    String file = arrays.source();
    for (String name : arrays.names()) {
      if (!Set.of(X, LENGTHS).contains(name)) {
        throw new BadSampleException(file + ": array '" + name + "' is not an input verify reads; expected x "
            + "[batch, steps, features] or [total steps, features], and optionally lengths [batch]");
      }
    }
    Tensor x = arrays.find(X).orElseThrow(() -> new BadSampleException(file + ": array 'x' is missing; "
        + "expected x [batch, steps, features] (or [total steps, features] with lengths); the file holds "
        + arrays.names()));
    if (x.rank() != 2 && x.rank() != 3) {
      throw new BadSampleException(file + ": array 'x' has shape " + Tensor.shapeString(x.shape())
          + "; expected [batch, steps, features] or [total steps, features]");
    }
    int features = x.dim(x.rank() - 1);
    if (features != inputSize) {
      throw new BadSampleException(file + ": array 'x' has shape " + Tensor.shapeString(x.shape()) + ": "
          + features + " features per step, but the model takes " + inputSize);
    }
    Tensor lengths = arrays.find(LENGTHS).orElse(null);
    return x.rank() == 3 ? padded(file, x, lengths) : packed(file, x, lengths);
  }

  private static VerifySample padded(String file, Tensor x, Tensor lengthsArray) throws BadSampleException {
    int count = x.dim(0);
    int steps = x.dim(1);
    int features = x.dim(2);
    int[] lengths = new int[count];
    if (lengthsArray == null) {
      Arrays.fill(lengths, steps);
    } else {
      lengths = lengths(file, lengthsArray, count, steps);
    }
    long total = 0;
    for (int len : lengths) {
      total += len;
    }
    float[] values = new float[Math.toIntExact(total * features)];
    int at = 0;
    for (int i = 0; i < count; i++) {
      int n = lengths[i] * features;
      System.arraycopy(x.values(), i * steps * features, values, at, n);
      at += n;
    }
    return new VerifySample(new SequenceBatch(count, features, lengths, values), steps);
  }

  private static VerifySample packed(String file, Tensor x, Tensor lengthsArray) throws BadSampleException {
    if (lengthsArray == null) {
      throw new BadSampleException(file + ": array 'x' has shape " + Tensor.shapeString(x.shape())
          + " (sequences one after another) but 'lengths' is missing; give lengths [batch], or x as "
          + "[batch, steps, features]");
    }
    int rows = x.dim(0);
    int count = lengthsArray.rank() == 1 ? lengthsArray.dim(0) : -1; // any count, one rank
    int[] lengths = lengths(file, lengthsArray, count, rows);
    long total = 0;
    int steps = 0;
    for (int len : lengths) {
      total += len;
      steps = Math.max(steps, len);
    }
    if (total != rows) {
      throw new BadSampleException(file + ": array 'lengths' adds up to " + total + " steps but 'x' holds "
          + rows + " rows (shape " + Tensor.shapeString(x.shape()) + ")");
    }
    return new VerifySample(new SequenceBatch(lengths.length, x.dim(1), lengths, x.values()), steps);
  }

  /**
   * {@code lengths [count]} ({@code count} -1: any): whole numbers in {@code 0 .. maxLength}, of any
   * numeric dtype.
   */
  private static int[] lengths(String file, Tensor t, int count, int maxLength) throws BadSampleException {
    if (t.rank() != 1 || (count >= 0 && t.dim(0) != count)) {
      throw new BadSampleException(file + ": array 'lengths' has shape " + Tensor.shapeString(t.shape())
          + "; expected [" + (count >= 0 ? count : "batch") + "], one length per sequence of 'x'");
    }
    count = t.dim(0);
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      float v = t.values()[i];
      if (v != Math.rint(v) || v < 0 || v > maxLength) {
        throw new BadSampleException(file + ": array 'lengths' holds " + v + " at [" + i + "]; expected a "
            + "whole number of steps from 0 to " + maxLength);
      }
      lengths[i] = (int) v;
    }
    return lengths;
  }
}
