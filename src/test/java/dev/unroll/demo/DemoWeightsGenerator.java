package dev.unroll.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the demo model, {@code src/main/resources/demo/demo-lstm.npz}: a TensorFlow v1 BasicLSTMCell
 * of 8 inputs and 16 units ({@link TfLstmWeights}, seed {@value #SEED}). {@code DemoWeightsTest} checks
 * the committed file is exactly what this writes. Regenerate after {@code mvn -q -B test-compile} with
 * {@code java -cp target/classes:target/test-classes dev.unroll.demo.DemoWeightsGenerator
 * src/main/resources/demo/demo-lstm.npz}.
 */
public final class DemoWeightsGenerator {
  static final long SEED = 20261126L;
  static final int INPUT = 8;
  static final int UNITS = 16;

  public static void main(String[] args) throws IOException {
    Files.write(Path.of(args[0]), bytes());
  }

  static byte[] bytes() throws IOException {
    return TfLstmWeights.npz(SEED, INPUT, UNITS);
  }
}
