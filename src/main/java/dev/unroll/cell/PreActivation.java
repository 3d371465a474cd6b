package dev.unroll.cell;

import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;
import dev.unroll.math.RowTiles;

/**
 * {@code bias + x·Wx + h·Wh} for the live rows of one step, gate block by gate block, each block in one
 * pass: its columns of Wx are stacked over its columns of Wh and packed once, so each element is one
 * chain (bias, x's terms, h's terms) stored once.
 *
 * <p>Why inside the step rather than a batch's input projection ahead of the recurrence: measured
 * faster on every benchmark workload (W1 30.4 to 28.9-29.2 ms, W5 203.5 to 190.8-195.8 ms against
 * projecting per L2-sized chunk of steps, itself faster than the whole batch up front) and on ragged
 * Spark-like batches ({@code RaggedBatchBenchmark}), where the live rows thin out step by step.
 *
 * <p>The result is block-major: block q of the live rows is a contiguous run of {@code rows × units}
 * floats (rows: live rounded up to whole tiles) at {@code out[outOffset + q·rows·units]}, in the
 * gemm's {@link RowTiles} layout like x and h, so the element-wise half of the step runs over whole
 * blocks of all rows at once, as flat arrays.
 *
 * <p>Public for the kernel benchmark ({@code RecurrentMatmulBenchmark.preActivation}), which times it as
 * the cells call it.
 */
public final class PreActivation {
  private final Gemm gemm;
  private final PackedMatrix[] blocks;
  private final float[][] biases;
  private final int inputSize;
  private final int units;

  /**
   * Blocks {@code first .. first+count-1} of matrices with {@code columns} columns in blocks of
   * {@code units}.
   *
   * @param inputKernel {@code inputSize × columns}, row-major
   * @param recurrentKernel {@code stateSize × columns}, row-major
   * @param bias {@code columns} values
   */
  public PreActivation(Gemm gemm, float[] inputKernel, float[] recurrentKernel, float[] bias, int inputSize,
      int stateSize, int columns, int units, int first, int count) {
    this.gemm = gemm;
    this.blocks = new PackedMatrix[count];
    this.biases = new float[count][];
    for (int q = 0; q < count; q++) {
      int from = (first + q) * units;
      float[] stacked = new float[(inputSize + stateSize) * units];
      System.arraycopy(FusedKernel.columns(inputKernel, inputSize, columns, from, units), 0, stacked, 0,
          inputSize * units);
      System.arraycopy(FusedKernel.columns(recurrentKernel, stateSize, columns, from, units), 0, stacked,
          inputSize * units, stateSize * units);
      blocks[q] = gemm.pack(stacked, inputSize + stateSize, units);
      biases[q] = FusedKernel.columns(bias, 1, columns, from, units);
    }
    this.inputSize = inputSize;
    this.units = units;
  }

  /** Rows of the gemm's tiles: the step's x, h and output are in its {@link RowTiles} layout. */
  int tileRows() {
    return gemm.tileRows();
  }

  /**
   * Block q of {@code bias + x·Wx + h·Wh} for the first {@code live} rows, in tiles, into
   * {@code out[outOffset + q·rows·units ..]} (rows: live rounded up to whole tiles); x's tiles from
   * {@code xOffset}, h's from 0.
   */
  public void apply(int live, float[] x, int xOffset, float[] h, float[] out, int outOffset) {
    int rows = RowTiles.paddedRows(live, gemm.tileRows());
    for (int q = 0; q < blocks.length; q++) {
      gemm.affineTiles(live, x, xOffset, inputSize, h, 0, blocks[q], biases[q], out,
          outOffset + q * rows * units);
    }
  }
}
