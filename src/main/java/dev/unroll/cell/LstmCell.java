package dev.unroll.cell;

import dev.unroll.math.Activation;
import dev.unroll.math.Activations;
import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;

/**
 * A long short-term memory cell with optional peepholes, cell clip and projection: TensorFlow's
 * BasicLSTMCell, LSTMCell and LSTMBlockCell, Keras' LSTM, PyTorch's nn.LSTM and ONNX's LSTM.
 *
 * <p>Gate blocks in order {@code i, f, g, o}. With peepholes, i and f see the previous c and o sees
 * the new (clipped) c. With a projection, {@code h = (o ⊙ act(c)) · projection}, clipped to
 * ±projClip, and h (width {@code projSize}) is both the output and the recurrent state.
 *
 * @param projSize width of the projection, 0 for none
 * @param peepholes {@code [3 × units]} in the order i, f, o, or null
 * @param projection {@code [units × projSize]}, or null
 */
public record LstmCell(
    int inputSize,
    int units,
    int projSize,
    float[] inputKernel,
    float[] recurrentKernel,
    float[] bias,
    float[] peepholes,
    float[] projection,
    Options options)
    implements Cell {

  /**
   * Activations and clips.
   *
   * @param cellClip TensorFlow's {@code cell_clip}: c is clipped to ±cellClip after the update; NaN
   *     for none
   * @param projClip TensorFlow's {@code proj_clip}; NaN for none
   * @param activationClip ONNX's {@code clip}: the inputs of the gate and candidate activations are
   *     clipped, not C before the output activation (as ONNX Runtime computes it); NaN for none
   */
  public record Options(
      Activation gate,
      Activation candidate,
      Activation output,
      float cellClip,
      float projClip,
      float activationClip) implements java.io.Serializable {

    /** Sigmoid gates, tanh candidate and output, no clipping. */
    public static final Options DEFAULT =
        new Options(Activation.SIGMOID, Activation.TANH, Activation.TANH, Float.NaN, Float.NaN,
            Float.NaN);

    /** TensorFlow's cells: sigmoid gates and one {@code activation} for candidate and output. */
    public static Options tensorFlow(Activation activation, float cellClip, float projClip) {
      return new Options(Activation.SIGMOID, activation, activation, cellClip, projClip, Float.NaN);
    }
  }

  /** Canonical gate positions. */
  static final int I = 0;
  static final int F = 1;
  static final int G = 2;
  static final int O = 3;

  /** TensorFlow's {@code i, j, f, o} columns in canonical {@code i, f, g, o} order. */
  private static final int[] FROM_TENSORFLOW = {0, 2, 1, 3};

  public LstmCell {
    String name = "LSTM";
    Shapes.positive(name, "input size", inputSize);
    Shapes.positive(name, "units", units);
    if (projSize < 0) {
      throw new IllegalArgumentException(name + ": projection size must be >= 0, got " + projSize);
    }
    int state = projSize > 0 ? projSize : units;
    Shapes.length(name, "input kernel", inputKernel, inputSize, 4 * units);
    Shapes.length(name, "recurrent kernel", recurrentKernel, state, 4 * units);
    Shapes.length(name, "bias", bias, 1, 4 * units);
    Shapes.optionalLength(name, "peepholes", peepholes, 3, units);
    if ((projection != null) != (projSize > 0)) {
      throw new IllegalArgumentException(
          name + ": projection size " + projSize + " but projection kernel "
              + (projection == null ? "missing" : "present"));
    }
    Shapes.optionalLength(name, "projection kernel", projection, units, projSize);
    Shapes.clip(name, "cell clip", options.cellClip());
    Shapes.clip(name, "projection clip", options.projClip());
    Shapes.clip(name, "activation clip", options.activationClip());
    if (projSize == 0 && !Float.isNaN(options.projClip())) {
      throw new IllegalArgumentException(name + ": a projection clip needs a projection");
    }
  }

  /**
   * TensorFlow's BasicLSTMCell / LSTMCell / LSTMBlockCell from their variables.
   *
   * @param kernel {@code [input + state, 4·units]}, columns {@code i, j, f, o}
   * @param bias {@code [4·units]}, same order; {@code forgetBias} is added to its f block
   * @param peepholes {@code w_i_diag, w_f_diag, w_o_diag}, or null
   * @param projection {@code projection/kernel [units, projSize]}, or null
   */
  public static LstmCell fromTensorFlow(
      int inputSize,
      int units,
      float[] kernel,
      float[] bias,
      float forgetBias,
      float[][] peepholes,
      float[] projection,
      Options options) {
    int projSize = projection == null ? 0 : projection.length / units;
    int state = projSize > 0 ? projSize : units;
    Shapes.length("TensorFlow LSTM", "kernel", kernel, inputSize + state, 4 * units);
    Shapes.length("TensorFlow LSTM", "bias", bias, 1, 4 * units);
    float[] reordered = FusedKernel.reorderColumnBlocks(kernel, inputSize + state, units, FROM_TENSORFLOW);
    float[] b = FusedKernel.reorderColumnBlocks(bias, 1, units, FROM_TENSORFLOW);
    for (int j = 0; j < units; j++) {
      b[F * units + j] += forgetBias;
    }
    float[] peep = null;
    if (peepholes != null) {
      peep = new float[3 * units];
      for (int k = 0; k < 3; k++) {
        Shapes.length("TensorFlow LSTM", "peephole " + "ifo".charAt(k), peepholes[k], 1, units);
        System.arraycopy(peepholes[k], 0, peep, k * units, units);
      }
    }
    return new LstmCell(
        inputSize,
        units,
        projSize,
        FusedKernel.rows(reordered, 0, inputSize, 4 * units),
        FusedKernel.rows(reordered, inputSize, state, 4 * units),
        b,
        peep,
        projection,
        options);
  }

  @Override
  public int outputSize() {
    return projSize > 0 ? projSize : units;
  }

  @Override
  public int cellStateSize() {
    return units;
  }

  @Override
  public long parameterCount() {
    long n = (long) (inputSize + outputSize() + 1) * 4 * units;
    if (peepholes != null) {
      n += 3L * units;
    }
    if (projection != null) {
      n += (long) units * projSize;
    }
    return n;
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder("LSTM(input=").append(inputSize).append(", units=").append(units);
    if (projSize > 0) {
      s.append(", proj=").append(projSize);
    }
    if (peepholes != null) {
      s.append(", peepholes");
    }
    s.append(", gate=").append(options.gate().describe())
        .append(", candidate=").append(options.candidate().describe())
        .append(", output=").append(options.output().describe());
    appendClip(s, "cell_clip", options.cellClip());
    appendClip(s, "proj_clip", options.projClip());
    appendClip(s, "clip", options.activationClip());
    return s.append(')').toString();
  }

  private static void appendClip(StringBuilder s, String name, float value) {
    if (!Float.isNaN(value)) {
      s.append(", ").append(name).append('=').append(value);
    }
  }

  @Override
  public CellKernel prepare(Gemm gemm) {
    return new LstmKernel(this, gemm);
  }

  private static final class LstmKernel implements CellKernel {
    private final LstmCell cell;
    private final Gemm gemm;
    private final PreActivation preActivation;
    private final PackedMatrix projection;
    private final Activations activations = Activations.preferred();
    /** The common cell, whose whole element-wise step {@link Activations#lstmRow} does in one pass. */
    private final boolean fused;

    LstmKernel(LstmCell cell, Gemm gemm) {
      this.cell = cell;
      Options o = cell.options;
      this.fused = cell.peepholes == null && Float.isNaN(o.activationClip())
          && o.gate().kind() == Activation.Kind.SIGMOID && o.candidate().kind() == Activation.Kind.TANH
          && o.output().kind() == Activation.Kind.TANH;
      this.gemm = gemm;
      this.preActivation = new PreActivation(gemm, cell.inputKernel, cell.recurrentKernel, cell.bias,
          cell.inputSize, cell.outputSize(), 4 * cell.units);
      this.projection = cell.projection == null ? null : gemm.pack(cell.projection, cell.units, cell.projSize);
    }

    @Override
    public Cell cell() {
      return cell;
    }

    @Override
    public int gateWidth() {
      return 4 * cell.units;
    }

    @Override
    public int scratchSize(int rows) {
      return projection == null ? 0 : rows * cell.units;
    }

    @Override
    public void step(int live, float[] x, int xOffset, float[] h, float[] c, float[] gates, float[] out,
        int outOffset, int outStride, float[] scratch) {
      int units = cell.units;
      int width = 4 * units;
      int hWidth = cell.outputSize();
      preActivation.apply(live, x, xOffset, h, gates, 0, width);

      Options opt = cell.options;
      Activation gate = opt.gate();
      float clip = opt.activationClip();
      float cellClip = opt.cellClip();
      float[] peep = cell.peepholes;
      boolean clipped = clip == clip;
      // Without a projection the new h goes straight into the state; with one, into scratch first.
      float[] m = projection == null ? h : scratch;
      for (int r = 0; r < live; r++) {
        int g = r * width;
        if (fused) {
          activations.lstmRow(gates, g, units, c, r * units, m, r * units, cellClip);
          continue;
        }
        int i = g + I * units;
        int f = g + F * units;
        int gg = g + G * units;
        int o = g + O * units;
        int cr = r * units;
        if (peep != null || clipped) { // i and f see the old c through their peepholes
          for (int j = 0; j < units; j++) {
            float cPrev = c[cr + j];
            float zi = gates[i + j];
            float zf = gates[f + j];
            if (peep != null) {
              zi += peep[j] * cPrev;
              zf += peep[units + j] * cPrev;
            }
            gates[i + j] = Shapes.clamp(zi, clip);
            gates[f + j] = Shapes.clamp(zf, clip);
            gates[gg + j] = Shapes.clamp(gates[gg + j], clip);
          }
        }
        activations.apply(gate, gates, i, 2 * units); // i and f blocks are adjacent
        activations.apply(opt.candidate(), gates, gg, units);
        // the cell update; o sees the new c through its peephole
        for (int j = 0; j < units; j++) {
          float cNew = Shapes.clamp(gates[f + j] * c[cr + j] + gates[i + j] * gates[gg + j], cellClip);
          c[cr + j] = cNew;
          m[cr + j] = cNew; // ONNX Runtime clips gate and candidate inputs, not C before h(C)
          if (peep != null || clipped) {
            float zo = gates[o + j];
            if (peep != null) {
              zo += peep[2 * units + j] * cNew;
            }
            gates[o + j] = Shapes.clamp(zo, clip);
          }
        }
        activations.apply(gate, gates, o, units);
        activations.apply(opt.output(), m, cr, units);
        for (int j = 0; j < units; j++) {
          m[cr + j] *= gates[o + j];
        }
      }
      if (projection != null) {
        int p = cell.projSize;
        java.util.Arrays.fill(h, 0, live * p, 0f);
        gemm.multiplyAdd(live, scratch, 0, units, projection, h, 0, p);
        float projClip = opt.projClip();
        if (projClip == projClip) {
          for (int k = 0, n = live * p; k < n; k++) {
            h[k] = Shapes.clamp(h[k], projClip);
          }
        }
      }
      if (out != null) {
        for (int r = 0; r < live; r++) {
          System.arraycopy(h, r * hWidth, out, outOffset + r * outStride, hWidth);
        }
      }
    }
  }
}
