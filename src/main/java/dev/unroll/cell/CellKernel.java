package dev.unroll.cell;

/**
 * A cell with its weights packed for one {@link dev.unroll.math.Gemm}. Immutable and thread-safe:
 * every mutable buffer is passed in.
 *
 * <p>A step works on the first {@code live} rows of the state arrays: the unroll orders a mini-batch
 * longest sequence first, so the rows still running at step t are always a prefix, and rows past it
 * keep their state untouched.
 */
public interface CellKernel {

  Cell cell();

  /** Columns of the gate block one row produces: gates × units. */
  int gateWidth();

  /** {@code gates[rows × gateWidth] = x[rows × inputSize] · Wx + bias}. */
  void projectInputs(int rows, float[] x, int xOffset, float[] gates, int gatesOffset);

  /** Floats of scratch {@link #step} needs for {@code rows} rows. */
  int scratchSize(int rows);

  /**
   * Advances rows {@code 0 .. live-1} by one step. {@code gates} holds this step's input projection
   * ({@code live × gateWidth} at {@code gatesOffset}) and is overwritten. {@code h} is
   * {@code rows × outputSize}, {@code c} is {@code rows × cellStateSize} (ignored when that is 0); both
   * are updated in place. The new h of row r is also written to
   * {@code out[outOffset + r·outStride ...]}, unless {@code out} is null (nobody reads the outputs).
   */
  void step(
      int live,
      float[] gates,
      int gatesOffset,
      float[] h,
      float[] c,
      float[] out,
      int outOffset,
      int outStride,
      float[] scratch);
}
