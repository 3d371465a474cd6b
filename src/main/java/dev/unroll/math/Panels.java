package dev.unroll.math;

/**
 * B cut into vertical panels, each stored row after row ({@code rows × width} contiguous), so a
 * micro-kernel reads one panel as a single forward stream: columns {@code [0, wideEnd)} in panels of
 * {@code wide} columns, {@code [wideEnd, narrowEnd)} in panels of {@code narrow}, and the leftover
 * {@code [narrowEnd, cols)} in one last panel at its own width.
 *
 * <p>The panel starting at column {@code j0} starts at {@code j0·rows}; its element (p, jj) is at
 * {@code j0·rows + p·panelWidth + jj}.
 */
record Panels(float[] values, int rows, int cols, int wide, int narrow, int wideEnd, int narrowEnd)
    implements PackedMatrix {

  /**
   * Packs B in as many wide panels as leave a rest the narrow ones can take: with 12 and 8, a rest of 8
   * to 11 columns gets one narrow panel, a rest of 4 to 7 gives back a wide one for two narrow (64 =
   * 4·12 + 2·8), so only {@code cols % 4} columns are left over. With {@code wide == narrow}, panels of
   * that width and a leftover under it.
   */
  static Panels pack(float[] b, int rows, int cols, int wide, int narrow) {
    int wideCount = cols / wide;
    int narrowCount = (cols % wide) / narrow;
    if (wide != narrow && narrowCount == 0 && wideCount > 0 && cols % wide + wide >= 2 * narrow) {
      wideCount--;
      narrowCount = 2;
    }
    int wideEnd = wideCount * wide;
    int narrowEnd = wideEnd + narrowCount * narrow;
    float[] values = new float[rows * cols];
    for (int j0 = 0; j0 < cols; ) {
      int w = j0 < wideEnd ? wide : j0 < narrowEnd ? narrow : cols - j0;
      int start = j0 * rows;
      for (int p = 0; p < rows; p++) {
        System.arraycopy(b, p * cols + j0, values, start + p * w, w);
      }
      j0 += w;
    }
    return new Panels(values, rows, cols, wide, narrow, wideEnd, narrowEnd);
  }

  /** The panels {@code packed} as one {@code gemm} made them, or a clear error if another Gemm packed it. */
  static Panels of(PackedMatrix packed, int wide, int narrow, Gemm gemm) {
    if (packed instanceof Panels p && p.wide == wide && p.narrow == narrow) {
      return p;
    }
    throw new IllegalArgumentException(
        "B was packed by another Gemm (" + packed.getClass().getName() + "), not by " + gemm.name());
  }
}
