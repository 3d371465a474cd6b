package dev.unroll.spark.partition;

import dev.unroll.model.Embedding;
import dev.unroll.model.RnnModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What executors need to score: the model and, for token ids, the embedding applied before it.
 * Java-serialized into chunks of at most a given size ({@link ModelBroadcast} broadcasts each), so it
 * travels the same way whatever {@code spark.serializer} is and no single array limits its size: an
 * embedding table of more than 2 GiB does not fit one {@code byte[]}.
 *
 * @param embedding null unless sequences are token ids
 */
public record ScoringModel(RnnModel model, Embedding embedding) implements Serializable {

  /** The serialized model in order, each chunk {@code chunkBytes} long but the last. */
  List<byte[]> toChunks(int chunkBytes) {
    ChunkOutputStream chunks = new ChunkOutputStream(chunkBytes);
    try (ObjectOutputStream out = new ObjectOutputStream(chunks)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the model for broadcast", e);
    }
    return chunks.chunks();
  }

  static ScoringModel fromChunks(List<byte[]> chunks) {
    List<InputStream> streams = new ArrayList<>();
    chunks.forEach(c -> streams.add(new ByteArrayInputStream(c)));
    try (ObjectInputStream in = new ObjectInputStream(new SequenceInputStream(Collections.enumeration(streams)))) {
      return (ScoringModel) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot deserialize the broadcast model", e);
    }
  }

  /** Collects what is written into arrays of {@code chunkBytes}, allocated as they fill. */
  private static final class ChunkOutputStream extends OutputStream {
    private final int chunkBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;

    ChunkOutputStream(int chunkBytes) {
      if (chunkBytes <= 0) {
        throw new IllegalArgumentException("chunk size must be positive, got " + chunkBytes);
      }
      this.chunkBytes = chunkBytes;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (current == null || used == current.length) {
          current = new byte[chunkBytes];
          chunks.add(current);
          used = 0;
        }
        int n = Math.min(len, current.length - used);
        System.arraycopy(b, off, current, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    /** The chunks, the last cut to what was written. */
    List<byte[]> chunks() {
      if (current != null && used < current.length) {
        chunks.set(chunks.size() - 1, java.util.Arrays.copyOf(current, used));
      }
      return chunks;
    }
  }
}
