package dev.unroll.weights;

import dev.unroll.model.Embedding;
import dev.unroll.model.RnnModel;

/**
 * A model read from a weights file, with where it came from.
 *
 * @param embedding the lookup table the file puts before the first recurrent layer (a Keras
 *     {@code Embedding}), so sequences are token ids; null when the model takes feature vectors
 */
public record LoadedModel(RnnModel model, Embedding embedding, Provenance provenance) {

  public LoadedModel {
    if (embedding != null && embedding.dimension() != model.inputSize()) {
      throw new IllegalArgumentException(provenance.source() + ": the embedding gives "
          + embedding.dimension() + " features but the first layer takes " + model.inputSize());
    }
  }

  /** A model that takes feature vectors. */
  public LoadedModel(RnnModel model, Provenance provenance) {
    this(model, null, provenance);
  }
}
