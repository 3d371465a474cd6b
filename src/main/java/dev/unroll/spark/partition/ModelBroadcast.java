package dev.unroll.spark.partition;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The scoring model broadcast as a list of byte chunks, one Spark broadcast each, so a model of any
 * size travels (a single {@code byte[]} stops at 2 GiB, and Kryo's buffer at 2 GiB too). Executors read
 * the chunks back in order, once per JVM ({@link ExecutorModels}).
 */
public final class ModelBroadcast implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LogManager.getLogger(ModelBroadcast.class);

  /**
   * Bytes per chunk: far below any array or buffer limit, large enough that a 2.4 GB table is a few
   * dozen broadcasts; each is cut again into {@code spark.broadcast.blockSize} pieces by Spark.
   */
  static final int CHUNK_BYTES = 64 << 20;

  @SuppressWarnings("serial") // List.copyOf's list is serializable (javac 21+ checks the declared type)
  private final List<Broadcast<byte[]>> chunks;

  private ModelBroadcast(List<Broadcast<byte[]>> chunks) {
    this.chunks = List.copyOf(chunks);
  }

  public static ModelBroadcast of(JavaSparkContext jsc, ScoringModel model) {
    long started = System.nanoTime();
    long[] bytes = {0};
    ModelBroadcast broadcast = of(model, CHUNK_BYTES, chunk -> {
      bytes[0] += chunk.length;
      return jsc.broadcast(chunk);
    });
    LOG.info("model: broadcast {} bytes in {} chunks of at most {} MB ({} s)", bytes[0], broadcast.chunkCount(),
        CHUNK_BYTES >> 20, String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return broadcast;
  }

  /** Splits {@code model} into chunks of {@code chunkBytes} and broadcasts each through {@code broadcast}. */
  static ModelBroadcast of(ScoringModel model, int chunkBytes, Function<byte[], Broadcast<byte[]>> broadcast) {
    List<byte[]> serialized = model.toChunks(chunkBytes);
    List<Broadcast<byte[]>> chunks = new ArrayList<>();
    for (int i = 0; i < serialized.size(); i++) {
      chunks.add(broadcast.apply(serialized.get(i)));
      serialized.set(i, null); // the broadcast holds it now; the driver keeps no second copy
    }
    return new ModelBroadcast(chunks);
  }

  /** Identifies this model among the broadcasts an executor has seen: its first chunk's id. */
  long id() {
    return chunks.get(0).id();
  }

  int chunkCount() {
    return chunks.size();
  }

  /** The model, read back from the chunks (each fetched by Spark where needed). */
  ScoringModel value() {
    List<byte[]> bytes = new ArrayList<>();
    for (Broadcast<byte[]> chunk : chunks) {
      bytes.add(chunk.value());
    }
    return ScoringModel.fromChunks(bytes);
  }

  public void destroy() {
    chunks.forEach(Broadcast::destroy);
  }
}
