package dev.unroll.cell;

import dev.unroll.math.Activation;
import dev.unroll.math.Activations;
import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;
import java.util.Arrays;

/**
 * A gated recurrent unit, gate blocks {@code z, r, n}, {@code h' = z ⊙ h + (1 − z) ⊙ n}, in either
 * form:
 *
 * <ul>
 *   <li>reset-before (TensorFlow v1 GRUCell, Keras {@code reset_after=False}, ONNX
 *       {@code linear_before_reset=0}): {@code n = act(x·Wx_n + b_n + (r ⊙ h)·Wh_n)};
 *   <li>reset-after (Keras {@code reset_after=True}, PyTorch, ONNX {@code linear_before_reset=1}):
 *       {@code n = act(x·Wx_n + b_n + r ⊙ (h·Wh_n + recurrentCandidateBias))}.
 * </ul>
 *
 * @param bias {@code [3 × units]}: the summed input and recurrent biases of z and r, and the input
 *     bias of n (plus, for reset-before, its recurrent bias, which sits outside {@code r ⊙})
 * @param recurrentCandidateBias reset-after only: the recurrent bias of n, which r multiplies; null
 *     for reset-before
 */
public record GruCell(
    int inputSize,
    int units,
    float[] inputKernel,
    float[] recurrentKernel,
    float[] bias,
    float[] recurrentCandidateBias,
    boolean resetAfter,
    Activation gate,
    Activation candidate,
    float activationClip)
    implements Cell {

  static final int Z = 0;
  static final int R = 1;
  static final int N = 2;

  public GruCell {
    String name = resetAfter ? "GRU (reset after)" : "GRU (reset before)";
    Shapes.positive(name, "input size", inputSize);
    Shapes.positive(name, "units", units);
    Shapes.length(name, "input kernel", inputKernel, inputSize, 3 * units);
    Shapes.length(name, "recurrent kernel", recurrentKernel, units, 3 * units);
    Shapes.length(name, "bias", bias, 1, 3 * units);
    if (resetAfter) {
      Shapes.length(name, "recurrent candidate bias", recurrentCandidateBias, 1, units);
    } else if (recurrentCandidateBias != null) {
      throw new IllegalArgumentException(
          name + ": a separate recurrent candidate bias only exists in the reset-after form");
    }
    Shapes.clip(name, "activation clip", activationClip);
  }

  /**
   * TensorFlow v1's GRUCell from {@code gates/kernel [input + units, 2·units]} (columns r, u),
   * {@code gates/bias}, {@code candidate/kernel [input + units, units]} and {@code candidate/bias}.
   */
  public static GruCell fromTensorFlow(
      int inputSize,
      int units,
      float[] gatesKernel,
      float[] gatesBias,
      float[] candidateKernel,
      float[] candidateBias,
      Activation activation) {
    String name = "TensorFlow GRUCell";
    int rows = inputSize + units;
    Shapes.length(name, "gates/kernel", gatesKernel, rows, 2 * units);
    Shapes.length(name, "gates/bias", gatesBias, 1, 2 * units);
    Shapes.length(name, "candidate/kernel", candidateKernel, rows, units);
    Shapes.length(name, "candidate/bias", candidateBias, 1, units);
    float[] fused = new float[rows * 3 * units];
    for (int r = 0; r < rows; r++) {
      int dst = r * 3 * units;
      System.arraycopy(gatesKernel, r * 2 * units + units, fused, dst + Z * units, units); // u -> z
      System.arraycopy(gatesKernel, r * 2 * units, fused, dst + R * units, units);
      System.arraycopy(candidateKernel, r * units, fused, dst + N * units, units);
    }
    float[] bias = new float[3 * units];
    System.arraycopy(gatesBias, units, bias, Z * units, units);
    System.arraycopy(gatesBias, 0, bias, R * units, units);
    System.arraycopy(candidateBias, 0, bias, N * units, units);
    return new GruCell(
        inputSize,
        units,
        FusedKernel.rows(fused, 0, inputSize, 3 * units),
        FusedKernel.rows(fused, inputSize, units, 3 * units),
        bias,
        null,
        false,
        Activation.SIGMOID,
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
    return (long) (inputSize + units + 1) * 3 * units + (resetAfter ? units : 0);
  }

  @Override
  public String describe() {
    return "GRU(input=" + inputSize + ", units=" + units + ", reset_after=" + resetAfter
        + ", gate=" + gate.describe() + ", candidate=" + candidate.describe()
        + (Float.isNaN(activationClip) ? "" : ", clip=" + activationClip) + ")";
  }

  @Override
  public CellKernel prepare(Gemm gemm) {
    return new GruKernel(this, gemm);
  }

  private static final class GruKernel implements CellKernel {
    private final GruCell cell;
    private final Gemm gemm;
    /** reset-after: {@code b + x·Wx} for all three blocks (h·Wh is added apart, r scales its n part). */
    private final PreActivation input;
    /** reset-after: all three blocks of Wh. */
    private final PackedMatrix recurrent;
    /** reset-before: {@code b + x·Wx + h·Wh} for the z and r blocks. */
    private final PreActivation updateAndReset;
    /** reset-before: {@code b + x·Wx + (r ⊙ h)·Wh} for the n block. */
    private final PreActivation candidate;
    private final Activations activations = Activations.preferred();

    GruKernel(GruCell cell, Gemm gemm) {
      this.cell = cell;
      this.gemm = gemm;
      int units = cell.units;
      int in = cell.inputSize;
      if (cell.resetAfter) {
        this.input = new PreActivation(gemm, cell.inputKernel, new float[0], cell.bias, in, 0, 3 * units);
        this.recurrent = gemm.pack(cell.recurrentKernel, units, 3 * units);
        this.updateAndReset = null;
        this.candidate = null;
      } else {
        this.input = null;
        this.recurrent = null;
        this.updateAndReset = new PreActivation(gemm,
            FusedKernel.columns(cell.inputKernel, in, 3 * units, 0, 2 * units),
            FusedKernel.columns(cell.recurrentKernel, units, 3 * units, 0, 2 * units),
            FusedKernel.columns(cell.bias, 1, 3 * units, 0, 2 * units), in, units, 2 * units);
        this.candidate = new PreActivation(gemm,
            FusedKernel.columns(cell.inputKernel, in, 3 * units, N * units, units),
            FusedKernel.columns(cell.recurrentKernel, units, 3 * units, N * units, units),
            FusedKernel.columns(cell.bias, 1, 3 * units, N * units, units), in, units, units);
      }
    }

    @Override
    public Cell cell() {
      return cell;
    }

    @Override
    public int gateWidth() {
      return 3 * cell.units;
    }

    @Override
    public int scratchSize(int rows) {
      // reset-after: h·Wh for all three blocks; reset-before: r ⊙ h.
      return rows * (cell.resetAfter ? 3 * cell.units : cell.units);
    }

    @Override
    public void step(int live, float[] x, int xOffset, float[] h, float[] c, float[] gates, float[] out,
        int outOffset, int outStride, float[] scratch) {
      if (cell.resetAfter) {
        stepResetAfter(live, x, xOffset, gates, h, scratch);
      } else {
        stepResetBefore(live, x, xOffset, gates, h, scratch);
      }
      int units = cell.units;
      if (out != null) {
        for (int r = 0; r < live; r++) {
          System.arraycopy(h, r * units, out, outOffset + r * outStride, units);
        }
      }
    }

    private void stepResetAfter(int live, float[] x, int xOffset, float[] gates, float[] h, float[] hw) {
      int units = cell.units;
      int width = 3 * units;
      input.apply(live, x, xOffset, h, gates, 0, width);
      float[] bhn = cell.recurrentCandidateBias;
      for (int r = 0; r < live; r++) {
        Arrays.fill(hw, r * width, r * width + 2 * units, 0f);
        System.arraycopy(bhn, 0, hw, r * width + N * units, units);
      }
      gemm.multiplyAdd(live, h, 0, units, recurrent, hw, 0, width);
      float clip = cell.activationClip;
      for (int r = 0; r < live; r++) {
        int g = r * width;
        int w = r * width;
        int hr = r * units;
        for (int j = 0; j < 2 * units; j++) { // z and r: input part + recurrent part
          gates[g + j] = Shapes.clamp(gates[g + j] + hw[w + j], clip);
        }
        activations.apply(cell.gate, gates, g, 2 * units);
        int n = g + N * units;
        for (int j = 0; j < units; j++) { // reset after: r scales the recurrent part of n
          gates[n + j] = Shapes.clamp(gates[n + j] + gates[g + units + j] * hw[w + 2 * units + j], clip);
        }
        activations.apply(cell.candidate, gates, n, units);
        activations.gruUpdate(gates, g, g + N * units, h, hr, units);
      }
    }

    private void stepResetBefore(int live, float[] x, int xOffset, float[] gates, float[] h, float[] rh) {
      int units = cell.units;
      int width = 3 * units;
      updateAndReset.apply(live, x, xOffset, h, gates, 0, width);
      float clip = cell.activationClip;
      for (int r = 0; r < live; r++) {
        int g = r * width;
        int hr = r * units;
        clamp(gates, g, 2 * units, clip);
        activations.apply(cell.gate, gates, g, 2 * units); // z, kept for the update, and r
        activations.multiply(gates, g + units, h, hr, rh, hr, units); // r ⊙ h
      }
      candidate.apply(live, x, xOffset, rh, gates, N * units, width);
      for (int r = 0; r < live; r++) {
        int g = r * width;
        clamp(gates, g + N * units, units, clip);
        activations.apply(cell.candidate, gates, g + N * units, units);
        activations.gruUpdate(gates, g, g + N * units, h, r * units, units);
      }
    }

    private static void clamp(float[] v, int from, int length, float clip) {
      if (clip == clip) {
        for (int k = from, end = from + length; k < end; k++) {
          v[k] = Shapes.clamp(v[k], clip);
        }
      }
    }
  }
}
