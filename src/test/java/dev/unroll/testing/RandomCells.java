package dev.unroll.testing;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import java.util.Random;

/** Seeded random cells and batches at the scale trained weights have (±1/sqrt(units)). */
public final class RandomCells {
  private final Random random;

  public RandomCells(long seed) {
    this.random = new Random(seed);
  }

  public float[] uniform(int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextFloat() * 2f - 1f) * scale;
    }
    return v;
  }

  private float scale(int units) {
    return (float) (1.0 / Math.sqrt(units));
  }

  public SimpleRnnCell simpleRnn(int input, int units) {
    float s = scale(units);
    return new SimpleRnnCell(input, units, uniform(input * units, s), uniform(units * units, s),
        uniform(units, s), Activation.TANH, Float.NaN);
  }

  public LstmCell lstm(int input, int units, boolean peepholes, int projSize) {
    float s = scale(units);
    int state = projSize > 0 ? projSize : units;
    return new LstmCell(input, units, projSize, uniform(input * 4 * units, s),
        uniform(state * 4 * units, s), uniform(4 * units, s),
        peepholes ? uniform(3 * units, s) : null,
        projSize > 0 ? uniform(units * projSize, s) : null,
        LstmCell.Options.DEFAULT);
  }

  public GruCell gru(int input, int units, boolean resetAfter) {
    float s = scale(units);
    return new GruCell(input, units, uniform(input * 3 * units, s), uniform(units * 3 * units, s),
        uniform(3 * units, s), resetAfter ? uniform(units, s) : null, resetAfter,
        Activation.SIGMOID, Activation.TANH, Float.NaN);
  }

  /** One of each cell kind, by index: 0 simple RNN, 1 LSTM, 2 projected peephole LSTM, 3-4 GRU. */
  public Cell anyCell(int kind, int input, int units) {
    return switch (kind) {
      case 0 -> simpleRnn(input, units);
      case 1 -> lstm(input, units, false, 0);
      case 2 -> lstm(input, units, true, Math.max(1, units / 2));
      case 3 -> gru(input, units, false);
      default -> gru(input, units, true);
    };
  }

  /** A bidirectional layer of two {@code kind} cells under one more: the deepest shape the unroll takes. */
  public RnnModel stackedBidirectional(int kind, int input, int units, int topUnits) {
    Cell fw = anyCell(kind, input, units);
    Cell bw = anyCell(kind, input, units);
    return RnnModel.of(Layer.bidirectional(fw, bw), Layer.of(anyCell(kind, fw.outputSize() + bw.outputSize(), topUnits)));
  }

  public SequenceBatch batch(int inputSize, int[] lengths) {
    float[][] sequences = new float[lengths.length][];
    for (int i = 0; i < lengths.length; i++) {
      sequences[i] = uniform(lengths[i] * inputSize, 1f);
    }
    return SequenceBatch.of(inputSize, sequences);
  }

  public int[] lengths(int count, int maxLength) {
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      lengths[i] = random.nextInt(maxLength + 1);
    }
    return lengths;
  }
}
