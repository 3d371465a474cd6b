package dev.unroll.weights;

import java.io.IOException;

/** TensorFlow checkpoints (tensor bundle V2): not read yet. */
final class Checkpoints {
  private Checkpoints() {}

  static TensorFile read(WeightSource source) throws IOException {
    throw new WeightsException(source.describe() + ": TensorFlow checkpoints are not supported yet");
  }
}
