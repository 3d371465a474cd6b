package dev.unroll.weights;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds NaN and infinite values in weights: one NaN in a kernel makes every score NaN, and a float64
 * value beyond float32's range becomes infinite when it is read, so both are found here, after the
 * conversion to float32.
 */
public final class NonFiniteValues {
  private NonFiniteValues() {}

  /**
   * One line per tensor holding non-finite values, e.g. {@code tensor 'rnn/lstm/kernel' holds NaN at
   * [3, 5] (2 non-finite values)}; empty when every value is finite.
   */
  public static List<String> describe(Collection<Tensor> tensors) {
    List<String> lines = new ArrayList<>();
    for (Tensor t : tensors) {
      String line = describe(t);
      if (line != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The line for one tensor, or null when every value is finite. */
  public static String describe(Tensor t) {
    float[] v = t.values();
    int first = -1;
    long count = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        first = first < 0 ? i : first;
        count++;
      }
    }
    if (first < 0) {
      return null;
    }
    boolean overflow = Float.isInfinite(v[first]) && t.dtype().equals("float64");
    return "tensor '" + t.name() + "' holds " + v[first] + " at "
        + Tensor.shapeString(Tensor.multiIndex(t.shape(), first))
        + (overflow ? " (a float64 value beyond float32's range, +-3.4e38, or infinite in the file)" : "")
        + (count > 1 ? " (" + count + " non-finite values)" : " (its only non-finite value)");
  }
}
