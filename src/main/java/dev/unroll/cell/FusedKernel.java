package dev.unroll.cell;

/**
 * Slicing of TensorFlow's fused {@code [input + state, gates·units]} kernels, whose input rows come
 * first because TensorFlow concatenates {@code [x, h]}.
 */
final class FusedKernel {
  private FusedKernel() {}

  /** Rows {@code from .. from+count-1} of a row-major matrix with {@code cols} columns. */
  static float[] rows(float[] matrix, int from, int count, int cols) {
    float[] out = new float[count * cols];
    System.arraycopy(matrix, from * cols, out, 0, count * cols);
    return out;
  }

  /**
   * Reorders column blocks of width {@code units}: block b of the result is block
   * {@code order[b]} of the source.
   */
  static float[] reorderColumnBlocks(float[] matrix, int rows, int units, int[] order) {
    int cols = order.length * units;
    float[] out = new float[matrix.length];
    for (int r = 0; r < rows; r++) {
      for (int b = 0; b < order.length; b++) {
        System.arraycopy(matrix, r * cols + order[b] * units, out, r * cols + b * units, units);
      }
    }
    return out;
  }

  /** Columns {@code from .. from+count-1} of a row-major matrix with {@code cols} columns. */
  static float[] columns(float[] matrix, int rows, int cols, int from, int count) {
    float[] out = new float[rows * count];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(matrix, r * cols + from, out, r * count, count);
    }
    return out;
  }
}
