package dev.unroll.cell;

import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;

/**
 * {@code bias + x·Wx + h·Wh} for the live rows of one step, in one pass over the gate block: Wx is
 * stacked over Wh and packed once, so each element of the block is one chain (bias, x's terms, h's
 * terms) and is stored once, instead of a bias fill, an input projection and a recurrent product each
 * sweeping the whole block.
 */
final class PreActivation {
  private final Gemm gemm;
  private final PackedMatrix weights;
  private final float[] bias;
  private final int inputSize;
  private final int stateSize;

  /**
   * @param inputKernel {@code inputSize × width}, row-major
   * @param recurrentKernel {@code stateSize × width}, row-major
   */
  PreActivation(Gemm gemm, float[] inputKernel, float[] recurrentKernel, float[] bias, int inputSize,
      int stateSize, int width) {
    float[] stacked = new float[(inputSize + stateSize) * width];
    System.arraycopy(inputKernel, 0, stacked, 0, inputSize * width);
    System.arraycopy(recurrentKernel, 0, stacked, inputSize * width, stateSize * width);
    this.gemm = gemm;
    this.weights = gemm.pack(stacked, inputSize + stateSize, width);
    this.bias = bias.clone();
    this.inputSize = inputSize;
    this.stateSize = stateSize;
  }

  /**
   * {@code out[live × width] = bias + x·Wx + h·Wh}, x's rows {@code inputSize} apart from
   * {@code xOffset}, h's rows {@code stateSize} apart from 0, out's rows {@code ldOut} apart.
   */
  void apply(int live, float[] x, int xOffset, float[] h, float[] out, int outOffset, int ldOut) {
    gemm.affine(live, x, xOffset, inputSize, inputSize, h, 0, stateSize, weights, bias, out, outOffset,
        ldOut);
  }
}
