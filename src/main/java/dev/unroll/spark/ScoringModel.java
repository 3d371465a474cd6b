package dev.unroll.spark;

import dev.unroll.model.Embedding;
import dev.unroll.model.RnnModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * What executors need to score: the model and, for token ids, the embedding applied before it.
 * Broadcast as Java-serialized bytes so it travels the same way whatever {@code spark.serializer} is.
 *
 * @param embedding null unless sequences are token ids
 */
record ScoringModel(RnnModel model, Embedding embedding) implements Serializable {

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the model for broadcast", e);
    }
    return bytes.toByteArray();
  }

  static ScoringModel fromBytes(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (ScoringModel) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot deserialize the broadcast model", e);
    }
  }
}
