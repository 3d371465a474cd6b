package dev.unroll.model;

import java.io.Serializable;

/**
 * A lookup table applied before the first layer when sequences are token ids (Keras {@code Embedding},
 * {@code tf.nn.embedding_lookup}): id {@code k} becomes row {@code k} of a {@code vocabulary × dimension}
 * row-major table.
 */
public record Embedding(int vocabulary, int dimension, float[] table) implements Serializable {

  public Embedding {
    if (vocabulary <= 0 || dimension <= 0) {
      throw new IllegalArgumentException(
          "embedding: vocabulary and dimension must be positive, got " + vocabulary + " x " + dimension);
    }
    if (table.length != (long) vocabulary * dimension) {
      throw new IllegalArgumentException(
          "embedding: table should hold " + vocabulary + " x " + dimension + " = "
              + (long) vocabulary * dimension + " floats, found " + table.length);
    }
  }

  /** Whether {@code id} has a row. */
  public boolean contains(long id) {
    return id >= 0 && id < vocabulary;
  }

  /** Copies row {@code id} to {@code dst[offset .. offset + dimension)}; the id must be in range. */
  public void copyRow(long id, float[] dst, int offset) {
    if (!contains(id)) {
      throw new IllegalArgumentException(
          "token id " + id + " is outside the embedding's vocabulary 0.." + (vocabulary - 1));
    }
    System.arraycopy(table, (int) id * dimension, dst, offset, dimension);
  }
}
