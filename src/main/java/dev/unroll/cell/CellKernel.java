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

  /** Floats of scratch {@link #step} needs for {@code rows} rows. */
  int scratchSize(int rows);

  /**
   * Advances rows {@code 0 .. live-1} by one step. {@code x} holds the step's inputs ({@code live}
   * rows of {@code inputSize} from {@code xOffset}, {@code xStride} floats apart); {@code gates} is
   * working space for the gate block ({@code live × gateWidth} floats from 0). {@code h} is {@code rows × outputSize}, {@code c} is
   * {@code rows × cellStateSize} (ignored when that is 0); both are updated in place. The new h of row
   * r is also written to {@code out[outOffset + r·outStride ...]}, unless {@code out} is null (nobody
   * reads the outputs).
   */
  void step(
      int live,
      float[] x,
      int xOffset,
      int xStride,
      float[] h,
      float[] c,
      float[] gates,
      float[] out,
      int outOffset,
      int outStride,
      float[] scratch);
}
