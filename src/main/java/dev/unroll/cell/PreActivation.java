package dev.unroll.cell;

import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;

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
 * <p>The result is block-major: block q of the live rows is a contiguous {@code live × units} run at
 * {@code out[outOffset + q·live·units]}, so the element-wise half of the step runs over whole blocks
 * of all rows at once instead of row by row.
 */
final class PreActivation {
  private final Gemm gemm;
  private final PackedMatrix[] blocks;
  private final float[][] biases;
  private final int inputSize;
  private final int stateSize;
  private final int units;

  /**
   * Blocks {@code first .. first+count-1} of matrices with {@code columns} columns in blocks of
   * {@code units}.
   *
   * @param inputKernel {@code inputSize × columns}, row-major
   * @param recurrentKernel {@code stateSize × columns}, row-major
   * @param bias {@code columns} values
   */
  PreActivation(Gemm gemm, float[] inputKernel, float[] recurrentKernel, float[] bias, int inputSize,
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
    this.stateSize = stateSize;
    this.units = units;
  }

  /**
   * Block q of {@code bias + x·Wx + h·Wh} into {@code out[outOffset + q·live·units ..]}, x's rows
   * {@code xStride} apart from {@code xOffset}, h's rows {@code stateSize} apart from 0.
   */
  void apply(int live, float[] x, int xOffset, int xStride, float[] h, float[] out, int outOffset) {
    for (int q = 0; q < blocks.length; q++) {
      gemm.affine(live, x, xOffset, xStride, inputSize, h, 0, stateSize, blocks[q], biases[q], out,
          outOffset + q * live * units, units);
    }
  }
}
