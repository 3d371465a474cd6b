package dev.unroll.demo;

import java.io.IOException;
import java.util.Random;

/**
 * A TensorFlow v1 BasicLSTMCell's variables under {@code dynamic_rnn}'s names,
 * {@code rnn/basic_lstm_cell/kernel [input + units, 4·units]} and {@code rnn/basic_lstm_cell/bias},
 * uniform in ±1/sqrt(units) from a seed: the demo's and the benchmark's models.
 */
public final class TfLstmWeights {
  private TfLstmWeights() {}

  public static byte[] npz(long seed, int input, int units) throws IOException {
    Random random = new Random(seed);
    float scale = (float) (1 / Math.sqrt(units));
    float[] kernel = uniform(random, (input + units) * 4 * units, scale);
    float[] bias = uniform(random, 4 * units, scale);
    return new NpzWriter()
        .add("rnn/basic_lstm_cell/kernel", kernel, input + units, 4 * units)
        .add("rnn/basic_lstm_cell/bias", bias, 4 * units)
        .toBytes();
  }

  private static float[] uniform(Random random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextFloat() * 2f - 1f) * scale;
    }
    return v;
  }
}
