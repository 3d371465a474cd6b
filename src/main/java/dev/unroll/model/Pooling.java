package dev.unroll.model;

/**
 * Mean and max pooling of one sequence's outputs over its valid steps, read from an unroll's outputs
 * ({@link UnrollResult#outputs()}: step after step, {@code width} floats each). The mean is summed in
 * double, so its only rounding is the final one to float. A sequence of no steps pools to zeros (the
 * writer stores null for it).
 */
public final class Pooling {
  private Pooling() {}

  /** Writes the mean of steps {@code [firstStep, firstStep+steps)} to {@code dst[at .. at+width)}. */
  public static void mean(float[] outputs, int firstStep, int steps, int width, float[] dst, int at) {
    for (int k = 0; k < width; k++) {
      double sum = 0;
      for (int t = 0; t < steps; t++) {
        sum += outputs[(firstStep + t) * width + k];
      }
      dst[at + k] = steps == 0 ? 0f : (float) (sum / steps);
    }
  }

  /** Writes the element-wise max of steps {@code [firstStep, firstStep+steps)} to {@code dst[at .. at+width)}. */
  public static void max(float[] outputs, int firstStep, int steps, int width, float[] dst, int at) {
    for (int k = 0; k < width; k++) {
      float m = Float.NEGATIVE_INFINITY;
      for (int t = 0; t < steps; t++) {
        m = Math.max(m, outputs[(firstStep + t) * width + k]);
      }
      dst[at + k] = steps == 0 ? 0f : m;
    }
  }
}
