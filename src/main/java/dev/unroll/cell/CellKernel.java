package dev.unroll.cell;

/**
 * A cell with its weights packed for one {@link dev.unroll.math.Gemm}. Immutable and thread-safe:
 * every mutable buffer is passed in.
 *
 * <p>A step works on the first {@code live} rows of the state arrays: the unroll orders a mini-batch
 * longest sequence first, so the rows still running at step t are always a prefix. The state, the
 * step's input and its gates are in the gemm's {@link dev.unroll.math.RowTiles} layout of
 * {@link dev.unroll.math.Gemm#tileRows()} rows, and a step computes whole tiles: the rows of the last live tile past
 * {@code live} are overwritten with values nobody reads, so the unroll takes a row's final state out
 * before its tile runs without it.
 */
public interface CellKernel {

  Cell cell();

  /** Columns of the gate block one row produces: gates × units. */
  int gateWidth();

  /** Floats of scratch {@link #step} needs for {@code rows} rows (whole tiles). */
  int scratchSize(int rows);

  /**
   * Advances rows {@code 0 .. live-1} by one step. {@code x} holds the step's inputs in tiles
   * ({@code live} rows of {@code inputSize} from {@code xOffset}); {@code gates} is working space for
   * the gate block ({@code rows × gateWidth} floats from 0, rows being live rounded up to whole tiles).
   * {@code h} is {@code rows × outputSize} in tiles, {@code c} likewise {@code rows × cellStateSize}
   * (ignored when that is 0); both are updated in place. The new h of row r is also written to
   * {@code out[outOffset + r·outStride ...]}, row-major, unless {@code out} is null (nobody reads the
   * outputs).
   */
  void step(
      int live,
      float[] x,
      int xOffset,
      float[] h,
      float[] c,
      float[] gates,
      float[] out,
      int outOffset,
      int outStride,
      float[] scratch);
}
