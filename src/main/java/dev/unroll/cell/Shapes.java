package dev.unroll.cell;

/** Shape checks for the weight records; messages name the cell and the tensor. */
final class Shapes {
  private Shapes() {}

  static void positive(String cell, String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(cell + ": " + what + " must be positive, got " + value);
    }
  }

  static void length(String cell, String tensor, float[] values, int rows, int cols) {
    if (values == null) {
      throw new IllegalArgumentException(cell + ": " + tensor + " is missing");
    }
    if (values.length != (long) rows * cols) {
      throw new IllegalArgumentException(
          cell + ": " + tensor + " should hold " + rows + " x " + cols + " = " + (long) rows * cols
              + " values, found " + values.length);
    }
  }

  static void optionalLength(String cell, String tensor, float[] values, int rows, int cols) {
    if (values != null) {
      length(cell, tensor, values, rows, cols);
    }
  }

  static void clip(String cell, String what, float value) {
    if (!Float.isNaN(value) && !(value > 0f)) {
      throw new IllegalArgumentException(
          cell + ": " + what + " must be positive or unset (NaN), got " + value);
    }
  }

  /** {@code x} clamped to {@code ±limit}; {@code limit} NaN means no clipping. */
  static float clamp(float x, float limit) {
    return limit != limit ? x : Math.max(-limit, Math.min(limit, x));
  }
}
