package dev.unroll.spark.partition;

import dev.unroll.math.Gemm;
import dev.unroll.math.Gemms;
import dev.unroll.model.Embedding;
import dev.unroll.model.PreparedModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;

/**
 * One prepared (packed) model per executor JVM and broadcast, shared by all the JVM's tasks: the
 * weights are deserialized and packed once, not per task or per batch. Each task still makes its own
 * {@link dev.unroll.model.Unroller}.
 */
public final class ExecutorModels {
  private static final Logger LOG = LogManager.getLogger(ExecutorModels.class);
  private ExecutorModels() {}

  /** A prepared model with its embedding (null unless token ids). */
  record Prepared(PreparedModel model, Embedding embedding) {}

  /** Broadcasts a job may hold at once; older entries are dropped so a long-lived executor does not grow. */
  private static final int MAX_ENTRIES = 4;

  private static final Map<Long, Prepared> CACHE = new ConcurrentHashMap<>();
  /** Whether this JVM has logged its matmul yet. */
  private static final AtomicBoolean LOGGED = new AtomicBoolean();

  static Prepared get(ModelBroadcast broadcast) {
    Prepared prepared = CACHE.get(broadcast.id());
    if (prepared != null) {
      return prepared;
    }
    // the first task of a JVM prepares; the others wait for it rather than packing the weights again
    synchronized (ExecutorModels.class) {
      prepared = CACHE.get(broadcast.id());
      if (prepared == null) {
        if (CACHE.size() >= MAX_ENTRIES) {
          CACHE.clear();
        }
        long started = System.nanoTime();
        ScoringModel m = broadcast.value();
        prepared = new Prepared(PreparedModel.prepare(m.model(), gemm()), m.embedding());
        LOG.info("model: read back from {} broadcast chunks and packed in {} s", broadcast.chunkCount(),
            String.format("%.1f", (System.nanoTime() - started) / 1e9));
        CACHE.put(broadcast.id(), prepared);
      }
      return prepared;
    }
  }

  /**
   * The matmul every executor uses: the JVM's preferred one (tiled and vectorised with
   * {@code --add-modules jdk.incubator.vector}). Its reduction order per row does not depend on the
   * batch, so results do not depend on batching.
   */
  static Gemm gemm() {
    Gemm gemm = Gemms.preferred();
    if (!LOGGED.getAndSet(true)) {
      // through Spark's own logging, so the line lands in each executor's log (Gemms logs to System.Logger)
      SparkEnv env = SparkEnv.get();
      String executor = env == null ? "driver" : env.executorId();
      if (Gemms.vectorModulePresent()) {
        LOG.info("unroll matmul on executor {}: {}", executor, gemm.name());
      } else {
        LOG.warn("unroll matmul on executor {}: {}, the scalar FALLBACK (about 3-4x slower): this executor JVM was"
            + " started without --add-modules jdk.incubator.vector; add it to spark.executor.extraJavaOptions",
            executor, gemm.name());
      }
    }
    return gemm;
  }
}
