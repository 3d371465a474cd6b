package dev.unroll.cell;

import dev.unroll.math.Activation;
import dev.unroll.math.Activations;
import dev.unroll.math.Gemm;
import dev.unroll.math.RowTiles;

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
    /** reset-after: {@code b + x·Wx} for all three blocks. */
    private final PreActivation input;
    /** reset-after: {@code h·Wh} for all three blocks, plus the recurrent bias of n (r scales it). */
    private final PreActivation recurrent;
    /** reset-before: {@code b + x·Wx + h·Wh} for the z and r blocks. */
    private final PreActivation updateAndReset;
    /** reset-before: {@code b + x·Wx + (r ⊙ h)·Wh} for the n block. */
    private final PreActivation candidate;
    private final Activations activations;

    GruKernel(GruCell cell, Gemm gemm) {
      this.cell = cell;
      this.activations = Activations.forGemm(gemm);
      int units = cell.units;
      int in = cell.inputSize;
      int width = 3 * units;
      if (cell.resetAfter) {
        float[] recurrentBias = new float[width];
        System.arraycopy(cell.recurrentCandidateBias, 0, recurrentBias, N * units, units);
        this.input = new PreActivation(gemm, cell.inputKernel, new float[0], cell.bias, in, 0, width, units,
            0, 3);
        this.recurrent = new PreActivation(gemm, new float[0], cell.recurrentKernel, recurrentBias, 0, units,
            width, units, 0, 3);
        this.updateAndReset = null;
        this.candidate = null;
      } else {
        this.input = null;
        this.recurrent = null;
        this.updateAndReset = new PreActivation(gemm, cell.inputKernel, cell.recurrentKernel, cell.bias, in,
            units, width, units, Z, 2);
        this.candidate = new PreActivation(gemm, cell.inputKernel, cell.recurrentKernel, cell.bias, in, units,
            width, units, N, 1);
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

    private int tileRows() {
      return (cell.resetAfter ? input : candidate).tileRows();
    }

    @Override
    public int scratchSize(int rows) {
      // reset-after: h·Wh for all three blocks; reset-before: r ⊙ h.
      return rows * (cell.resetAfter ? 3 * cell.units : cell.units);
    }

    @Override
    public void step(int live, float[] x, int xOffset, float[] h, float[] c, float[] gates, float[] out,
        int outOffset, int outStride, float[] scratch) {
      int units = cell.units;
      int tileRows = tileRows();
      // block-major gates: block k of all live tiles is the run gates[k·block .. (k+1)·block)
      int block = RowTiles.paddedRows(live, tileRows) * units;
      int z = Z * block;
      int r = R * block;
      int n = N * block;
      float clip = cell.activationClip;
      if (cell.resetAfter) {
        float[] hw = scratch; // h·Wh, block-major like the gates
        input.apply(live, x, xOffset, h, gates, 0);
        recurrent.apply(live, h, 0, h, hw, 0);
        for (int e = 0; e < 2 * block; e++) { // z and r: input part + recurrent part
          gates[e] = Shapes.clamp(gates[e] + hw[e], clip);
        }
        activations.apply(cell.gate, gates, z, 2 * block);
        for (int e = 0; e < block; e++) { // reset after: r scales the recurrent part of n
          gates[n + e] = Shapes.clamp(gates[n + e] + gates[r + e] * hw[n + e], clip);
        }
      } else {
        float[] rh = scratch;
        updateAndReset.apply(live, x, xOffset, h, gates, 0);
        clamp(gates, 0, 2 * block, clip);
        activations.apply(cell.gate, gates, z, 2 * block); // z, kept for the update, and r
        activations.multiply(gates, r, h, 0, rh, 0, block); // r ⊙ h
        candidate.apply(live, x, xOffset, rh, gates, n);
        clamp(gates, n, block, clip);
      }
      activations.apply(cell.candidate, gates, n, block);
      activations.gruUpdate(gates, z, n, h, 0, block);
      if (out != null) {
        RowTiles.fromTiles(h, 0, units, tileRows, 0, live, out, outOffset, outStride);
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
