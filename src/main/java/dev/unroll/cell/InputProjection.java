package dev.unroll.cell;

import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;

/** {@code x · Wx + bias} for many rows at once: the part of every cell that does not depend on h. */
final class InputProjection {
  private final Gemm gemm;
  private final PackedMatrix kernel;
  private final float[] bias;
  private final int inputSize;
  private final int width;

  InputProjection(Gemm gemm, float[] inputKernel, float[] bias, int inputSize, int width) {
    this.gemm = gemm;
    this.kernel = gemm.pack(inputKernel, inputSize, width);
    this.bias = bias.clone();
    this.inputSize = inputSize;
    this.width = width;
  }

  void apply(int rows, float[] x, int xOffset, float[] gates, int gatesOffset) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(bias, 0, gates, gatesOffset + r * width, width);
    }
    gemm.multiplyAdd(rows, x, xOffset, inputSize, kernel, gates, gatesOffset, width);
  }
}
