package dev.unroll.math;

import java.util.Arrays;

/**
 * The row-tile layout of {@link Gemm#affineTiles}: an {@code m × cols} matrix cut into tiles of
 * {@code tileRows} rows, tile after tile, each tile column after column, so element (i, j) is at
 * {@code (i / tileRows)·cols·tileRows + j·tileRows + i % tileRows}. A column of a tile is contiguous:
 * a vector holds one column of consecutive rows. Matrices of the same shape in this layout match
 * element for element, so element-wise work runs over them as flat arrays. The last tile is always
 * whole: rows from m to its end are padding.
 */
public final class RowTiles {
  private RowTiles() {}

  /** Rows of {@code m} rounded up to whole tiles: the rows a tiled matrix of m rows holds. */
  public static int paddedRows(int m, int tileRows) {
    return (m + tileRows - 1) / tileRows * tileRows;
  }

  /** Where element (i, j) of a tiled matrix with {@code cols} columns is, from its start. */
  public static int index(int i, int j, int cols, int tileRows) {
    return (i / tileRows) * cols * tileRows + j * tileRows + i % tileRows;
  }

  /**
   * Rows {@code 0 .. m-1} of a row-major matrix (row i at {@code srcOffset + i·srcStride}) into the
   * tiled matrix at {@code dstOffset}; the padding rows of its last tile become 0.
   */
  public static void toTiles(float[] src, int srcOffset, int srcStride, int m, int cols, float[] dst,
      int dstOffset, int tileRows) {
    toTiles(src, srcOffset, srcStride, 0, m, cols, dst, dstOffset, tileRows);
  }

  /** {@link #toTiles(float[], int, int, int, int, float[], int, int)} for rows {@code from .. m-1} only. */
  static void toTiles(float[] src, int srcOffset, int srcStride, int from, int m, int cols, float[] dst,
      int dstOffset, int tileRows) {
    // tile by tile, then lane by lane: no division per row (tileRows is not a constant here)
    int i0 = from - from % tileRows;
    for (int tile = dstOffset + i0 * cols; i0 < m; i0 += tileRows, tile += cols * tileRows) {
      int lanes = Math.min(tileRows, m - i0);
      for (int lane = Math.max(0, from - i0); lane < lanes; lane++) {
        int s = srcOffset + (i0 + lane) * srcStride;
        int d = tile + lane;
        for (int j = 0; j < cols; j++) {
          dst[d + j * tileRows] = src[s + j];
        }
      }
      for (int j = 0; j < cols && lanes < tileRows; j++) { // the last tile's padding rows
        Arrays.fill(dst, tile + j * tileRows + lanes, tile + (j + 1) * tileRows, 0f);
      }
    }
  }

  /** Rows {@code from .. to-1} of the tiled matrix at {@code srcOffset} to row-major rows. */
  public static void fromTiles(float[] src, int srcOffset, int cols, int tileRows, int from, int to,
      float[] dst, int dstOffset, int dstStride) {
    for (int i = from; i < to; i++) {
      int s = srcOffset + (i / tileRows) * cols * tileRows + i % tileRows;
      int d = dstOffset + (i - from) * dstStride;
      for (int j = 0; j < cols; j++) {
        dst[d + j] = src[s + j * tileRows];
      }
    }
  }
}
