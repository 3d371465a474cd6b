package dev.unroll.math;

/**
 * B cut into vertical panels of {@code width} columns, each stored row after row
 * ({@code rows × width} contiguous), so a micro-kernel reads one panel as a single forward stream. The
 * last panel holds the {@code cols % width} leftover columns at their own, narrower width.
 *
 * <p>Panel {@code q} starts at {@code q·width·rows}; its element (p, jj) is at
 * {@code start + p·panelWidth + jj}.
 */
record Panels(float[] values, int rows, int cols, int width) implements PackedMatrix {

  static Panels pack(float[] b, int rows, int cols, int width) {
    float[] values = new float[rows * cols];
    for (int j0 = 0; j0 < cols; j0 += width) {
      int w = Math.min(width, cols - j0);
      int start = j0 * rows;
      for (int p = 0; p < rows; p++) {
        System.arraycopy(b, p * cols + j0, values, start + p * w, w);
      }
    }
    return new Panels(values, rows, cols, width);
  }

  /** The panel {@code packed} as one {@code gemm} made it, or a clear error if another Gemm packed it. */
  static Panels of(PackedMatrix packed, int width, Gemm gemm) {
    if (packed instanceof Panels p && p.width == width) {
      return p;
    }
    throw new IllegalArgumentException(
        "B was packed by another Gemm (" + packed.getClass().getName() + "), not by " + gemm.name());
  }
}
