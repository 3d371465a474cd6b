package dev.unroll.cell;

import dev.unroll.math.Activation;
import dev.unroll.math.Activations;
import dev.unroll.math.Gemm;
import dev.unroll.math.RowTiles;

/**
 * A simple (Elman) RNN: {@code h' = act(x·Wx + h·Wh + bias)}. TensorFlow's BasicRNNCell, Keras'
 * SimpleRNN, PyTorch's nn.RNN and ONNX's RNN.
 *
 * @param activationClip ONNX {@code clip}: bounds the activation's input to ±clip; NaN for none
 */
public record SimpleRnnCell(
    int inputSize,
    int units,
    float[] inputKernel,
    float[] recurrentKernel,
    float[] bias,
    Activation activation,
    float activationClip)
    implements Cell {

  public SimpleRnnCell {
    Shapes.positive("simple RNN", "input size", inputSize);
    Shapes.positive("simple RNN", "units", units);
    Shapes.length("simple RNN", "input kernel", inputKernel, inputSize, units);
    Shapes.length("simple RNN", "recurrent kernel", recurrentKernel, units, units);
    Shapes.length("simple RNN", "bias", bias, 1, units);
    Shapes.clip("simple RNN", "activation clip", activationClip);
  }

  /** TensorFlow's BasicRNNCell: the fused kernel {@code [input + units, units]}, input rows first. */
  public static SimpleRnnCell fromTensorFlow(
      int inputSize, int units, float[] kernel, float[] bias, Activation activation) {
    Shapes.length("BasicRNNCell", "kernel", kernel, inputSize + units, units);
    return new SimpleRnnCell(
        inputSize,
        units,
        FusedKernel.rows(kernel, 0, inputSize, units),
        FusedKernel.rows(kernel, inputSize, units, units),
        bias,
        activation,
        Float.NaN);
  }

  @Override
  public int outputSize() {
    return units;
  }

  @Override
  public int cellStateSize() {
    return 0;
  }

  @Override
  public long parameterCount() {
    return (long) (inputSize + units + 1) * units;
  }

  @Override
  public String describe() {
    return "SimpleRNN(input=" + inputSize + ", units=" + units + ", activation="
        + activation.describe() + (Float.isNaN(activationClip) ? "" : ", clip=" + activationClip)
        + ")";
  }

  @Override
  public CellKernel prepare(Gemm gemm) {
    return new Kernel(this, gemm);
  }

  private static final class Kernel implements CellKernel {
    private final SimpleRnnCell cell;
    private final PreActivation preActivation;
    private final Activations activations;

    Kernel(SimpleRnnCell cell, Gemm gemm) {
      this.cell = cell;
      this.activations = Activations.forGemm(gemm);
      this.preActivation = new PreActivation(gemm, cell.inputKernel, cell.recurrentKernel, cell.bias,
          cell.inputSize, cell.units, cell.units, cell.units, 0, 1);
    }

    @Override
    public Cell cell() {
      return cell;
    }

    @Override
    public int gateWidth() {
      return cell.units;
    }

    @Override
    public int scratchSize(int rows) {
      return 0;
    }

    @Override
    public void step(int live, float[] x, int xOffset, float[] h, float[] c, float[] gates, float[] out,
        int outOffset, int outStride, float[] scratch) {
      int units = cell.units;
      int tileRows = preActivation.tileRows();
      preActivation.apply(live, x, xOffset, h, gates, 0);
      float clip = cell.activationClip;
      int n = RowTiles.paddedRows(live, tileRows) * units;
      if (clip == clip) {
        for (int k = 0; k < n; k++) {
          gates[k] = Shapes.clamp(gates[k], clip);
        }
      }
      activations.applyInto(cell.activation, gates, 0, h, 0, n); // every live tile in one run
      if (out != null) {
        RowTiles.fromTiles(h, 0, units, tileRows, 0, live, out, outOffset, outStride);
      }
    }
  }
}
