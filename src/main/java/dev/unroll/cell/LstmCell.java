package dev.unroll.cell;

import dev.unroll.math.Activation;
import dev.unroll.math.Activations;
import dev.unroll.math.Gemm;
import dev.unroll.math.PackedMatrix;
import dev.unroll.math.RowTiles;

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
    private final float[] zeroProjectionBias;
    private final Activations activations;
    /** Sigmoid gates, tanh candidate and output, no peepholes, no activation clip. */
    private final boolean usual;

    LstmKernel(LstmCell cell, Gemm gemm) {
      this.cell = cell;
      Options opt = cell.options;
      this.usual = cell.peepholes == null && Float.isNaN(opt.activationClip())
          && opt.gate().kind() == Activation.Kind.SIGMOID
          && opt.candidate().kind() == Activation.Kind.TANH
          && opt.output().kind() == Activation.Kind.TANH;
      this.gemm = gemm;
      this.activations = Activations.forGemm(gemm);
      this.preActivation = new PreActivation(gemm, cell.inputKernel, cell.recurrentKernel, cell.bias,
          cell.inputSize, cell.outputSize(), 4 * cell.units, cell.units, 0, 4);
      this.projection = cell.projection == null ? null : gemm.pack(cell.projection, cell.units, cell.projSize);
      this.zeroProjectionBias = new float[cell.projSize]; // h = m·P is a chain from 0
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
      int hWidth = cell.outputSize();
      int tileRows = preActivation.tileRows();
      int rows = RowTiles.paddedRows(live, tileRows);
      preActivation.apply(live, x, xOffset, h, gates, 0);
      // Without a projection the new h goes straight into the state; with one, into scratch first.
      float[] m = projection == null ? h : scratch;
      Options opt = cell.options;
      int block = rows * cell.units;
      if (usual) {
        activations.lstmSigmoidTanh(gates, c, m, block, opt.cellClip());
      } else {
        elementWise(rows, tileRows, gates, c, m);
      }
      if (projection != null) {
        gemm.affineTiles(live, scratch, 0, cell.units, scratch, 0, projection, zeroProjectionBias, h, 0);
        float projClip = opt.projClip();
        if (projClip == projClip) {
          for (int k = 0, n = rows * cell.projSize; k < n; k++) {
            h[k] = Shapes.clamp(h[k], projClip);
          }
        }
      }
      if (out != null) {
        RowTiles.fromTiles(h, 0, hWidth, tileRows, 0, live, out, outOffset, outStride);
      }
    }

    /**
     * The element-wise half for any activations, peepholes and clips: new c into {@code c}, the
     * unprojected h into {@code m}.
     */
    private void elementWise(int rows, int tileRows, float[] gates, float[] c, float[] m) {
      int units = cell.units;
      // block-major gates: block k of all live tiles is the run gates[k·block .. (k+1)·block)
      int block = rows * units;
      int tiles = rows / tileRows;
      int i = I * block;
      int f = F * block;
      int g = G * block;
      int o = O * block;
      Options opt = cell.options;
      Activation gate = opt.gate();
      float clip = opt.activationClip();
      float cellClip = opt.cellClip();
      float[] peep = cell.peepholes;
      boolean adjusted = peep != null || clip == clip;
      if (adjusted) { // i and f see the old c through their peepholes
        for (int t = 0, e = 0; t < tiles; t++) { // element (t, j, lane) of the tiles, in their order
          for (int j = 0; j < units; j++) {
            for (int lane = 0; lane < tileRows; lane++, e++) {
              float cPrev = c[e];
              float zi = gates[i + e];
              float zf = gates[f + e];
              if (peep != null) {
                zi += peep[j] * cPrev;
                zf += peep[units + j] * cPrev;
              }
              gates[i + e] = Shapes.clamp(zi, clip);
              gates[f + e] = Shapes.clamp(zf, clip);
              gates[g + e] = Shapes.clamp(gates[g + e], clip);
            }
          }
        }
      }
      activations.apply(gate, gates, i, 2 * block); // the i and f blocks are adjacent
      activations.apply(opt.candidate(), gates, g, block);
      if (!adjusted) {
        activations.lstmCellUpdate(gates, i, f, g, c, 0, m, 0, block, cellClip);
      } else { // the cell update; o sees the new c through its peephole
        for (int t = 0, e = 0; t < tiles; t++) {
          for (int j = 0; j < units; j++) {
            for (int lane = 0; lane < tileRows; lane++, e++) {
              float cNew = Shapes.clamp(gates[f + e] * c[e] + gates[i + e] * gates[g + e], cellClip);
              c[e] = cNew;
              m[e] = cNew; // ONNX Runtime clips gate and candidate inputs, not C before h(C)
              float zo = gates[o + e];
              if (peep != null) {
                zo += peep[2 * units + j] * cNew;
              }
              gates[o + e] = Shapes.clamp(zo, clip);
            }
          }
        }
      }
      activations.apply(gate, gates, o, block);
      activations.apply(opt.output(), m, 0, block);
      activations.multiply(m, 0, gates, o, m, 0, block); // h = o ⊙ act(c)
    }
  }
}
