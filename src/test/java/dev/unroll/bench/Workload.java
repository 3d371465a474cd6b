package dev.unroll.bench;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import java.util.Arrays;
import java.util.Random;

/** The issue-4 workloads: cell type, sequences × steps, input width, units. All sequences full length. */
public enum Workload {
  W1(Kind.LSTM, 256, 50, 64, 128),
  W2(Kind.GRU, 256, 50, 64, 128),
  W3(Kind.RNN, 256, 50, 64, 128),
  W4(Kind.LSTM, 1024, 20, 32, 64),
  W5(Kind.LSTM, 64, 100, 256, 512);

  /** The cell; GRU is the reset-before form, the one ONNX (default) and TF's GRUBlockCell compute. */
  public enum Kind {
    LSTM(4),
    GRU(3),
    RNN(1);

    final int gates;

    Kind(int gates) {
      this.gates = gates;
    }
  }

  private static final float WEIGHT_SCALE = 0.1f;

  final Kind kind;
  final int sequences;
  final int steps;
  final int input;
  final int units;

  Workload(Kind kind, int sequences, int steps, int input, int units) {
    this.kind = kind;
    this.sequences = sequences;
    this.steps = steps;
    this.input = input;
    this.units = units;
  }

  /** Effective flops of one batch: 2 · batch · steps · (input + units) · gates · units. */
  double flops() {
    return 2.0 * sequences * steps * (input + units) * kind.gates * units;
  }

  /** Flops of the recurrent matmul alone for one batch: 2 · batch · steps · units · gates · units. */
  double recurrentFlops() {
    return 2.0 * sequences * steps * units * kind.gates * units;
  }

  String describe() {
    return name() + " " + kind + " " + sequences + "x" + steps + ", in " + input + ", units " + units;
  }

  static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (r.nextFloat() * 2f - 1f) * WEIGHT_SCALE;
    }
    return v;
  }

  /** Seeded inputs, sequence after sequence ({@code [sequences, steps, input]}). */
  float[] inputs() {
    Random r = new Random(2);
    float[] v = new float[sequences * steps * input];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat() * 2f - 1f;
    }
    return v;
  }

  SequenceBatch batch() {
    int[] lengths = new int[sequences];
    Arrays.fill(lengths, steps);
    return new SequenceBatch(sequences, input, lengths, inputs());
  }

  /** Our model with seeded random weights (the engines get their own: values do not change speed). */
  RnnModel model() {
    Random r = new Random(1);
    int g = kind.gates * units;
    float[] wx = random(r, input * g);
    float[] wh = random(r, units * g);
    float[] b = random(r, g);
    Cell cell = switch (kind) {
      case LSTM -> new LstmCell(input, units, 0, wx, wh, b, null, null, LstmCell.Options.DEFAULT);
      case GRU -> new GruCell(input, units, wx, wh, b, null, false, Activation.SIGMOID, Activation.TANH,
          Float.NaN);
      case RNN -> new SimpleRnnCell(input, units, wx, wh, b, Activation.TANH, Float.NaN);
    };
    return RnnModel.of(Layer.of(cell));
  }
}
