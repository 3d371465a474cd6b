package dev.unroll.reference.tensorflow;

import dev.unroll.model.CellState;
import dev.unroll.model.SequenceBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded random weights, inputs and states at realistic scales: kernels and peepholes uniform within
 * TF v1's default glorot_uniform limit {@code sqrt(6 / (fan_in + fan_out))} (for a peephole vector
 * fan_in = fan_out = units), biases within ±0.5 (so they matter), inputs and initial states within ±1.
 *
 * <p>Peepholes at TF's own scale matter: with ±0.5 peepholes and no cell_clip, c grows to 10–30 over
 * 70 steps with forget gates near 1, and any two float32 implementations then drift apart by more than
 * 1e-5 (measured: ours and LSTMBlockCell were each about 1e-5 from a float64 unroll, in opposite
 * directions); at TF's scale |c| stays below 3 and they agree within 2e-6.
 */
final class SeededData {
  private final Random random;

  SeededData(long seed) {
    this.random = new Random(seed);
  }

  float[] uniform(int n, float limit) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (2f * random.nextFloat() - 1f) * limit;
    }
    return v;
  }

  private float[] glorot(int rows, int cols) {
    return uniform(rows * cols, (float) Math.sqrt(6.0 / (rows + cols)));
  }

  /** glorot_uniform of a {@code [units]} variable: TF counts fan_in = fan_out = units. */
  private float[] peephole(int units) {
    return uniform(units, (float) Math.sqrt(3.0 / units));
  }

  TfWeights.Rnn rnn(int inputSize, int units) {
    return new TfWeights.Rnn(inputSize, units, glorot(inputSize + units, units), uniform(units, 0.5f));
  }

  /** @param projSize 0 for no projection */
  TfWeights.Lstm lstm(int inputSize, int units, int projSize, boolean peepholes) {
    int state = projSize > 0 ? projSize : units;
    float[] kernel = glorot(inputSize + state, 4 * units);
    float[] bias = uniform(4 * units, 0.5f);
    float[][] peep = peepholes
        ? new float[][] {peephole(units), peephole(units), peephole(units)}
        : null;
    float[] projection = projSize > 0 ? glorot(units, projSize) : null;
    return new TfWeights.Lstm(inputSize, units, projSize, kernel, bias, peep, projection);
  }

  TfWeights.Gru gru(int inputSize, int units) {
    return new TfWeights.Gru(inputSize, units,
        glorot(inputSize + units, 2 * units), uniform(2 * units, 0.5f),
        glorot(inputSize + units, units), uniform(units, 0.5f));
  }

  /**
   * {@code shape.batch()} sequences in shuffled order whose lengths include {@code maxLength}, 0 and
   * 1 (as far as the batch size allows) and otherwise lie uniformly in {@code 0 .. maxLength}.
   */
  SequenceBatch batch(Shape shape) {
    int max = shape.maxLength();
    List<Integer> lengths = new ArrayList<>(List.of(max, 0, 1));
    while (lengths.size() < shape.batch()) {
      lengths.add(random.nextInt(max + 1));
    }
    lengths = new ArrayList<>(lengths.subList(0, shape.batch()));
    Collections.shuffle(lengths, random);
    float[][] sequences = new float[shape.batch()][];
    for (int i = 0; i < sequences.length; i++) {
      sequences[i] = uniform(Math.min(lengths.get(i), max) * shape.inputSize(), 1f);
    }
    return SequenceBatch.of(shape.inputSize(), sequences);
  }

  /** A random state for {@code count} sequences; {@code cWidth} 0 for cells without a c state. */
  CellState state(int count, int hWidth, int cWidth) {
    return new CellState(uniform(count * hWidth, 1f), cWidth == 0 ? null : uniform(count * cWidth, 1f));
  }
}
