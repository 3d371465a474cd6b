package dev.unroll.spark.partition;

import dev.unroll.math.Gemm;
import dev.unroll.math.Gemms;
import dev.unroll.model.Embedding;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.Warmup;
import java.util.Map;
import java.util.Set;
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
  /**
   * Batches a warm-up runs: under load a fresh JVM's first batch of an LSTM 32 -> 64 takes about 4 s,
   * the sixth 4 ms, the hundredth 1 ms (C2 by then); the first few dozen take the JIT through the costly
   * part, and cost little once it is done.
   */
  static final int WARMUP_BATCHES = 24;
  /** Model shapes this JVM has warmed up or is warming: the JIT's work is per code path, not per weights. */
  private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();

  /** Whether this JVM has logged its matmul yet. */
  private static final AtomicBoolean LOGGED = new AtomicBoolean();

  static Prepared get(ModelBroadcast broadcast) {
    Prepared prepared = CACHE.get(broadcast.id());
    if (prepared != null && current(prepared)) {
      return prepared;
    }
    // the first task of a JVM prepares; the others wait for it rather than packing the weights again
    synchronized (ExecutorModels.class) {
      prepared = CACHE.get(broadcast.id());
      if (prepared == null || !current(prepared)) {
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
   * Starts warming this JVM's unroll up on {@code model}'s shapes on a background thread, once per shape
   * and JVM, so that the first partitions do not run their first batches interpreted. The job calls it
   * on the driver as soon as the model is loaded when the driver also runs the tasks (local mode), where
   * it overlaps pre-flight and planning; each task calls it too, which only starts it on an executor
   * that has not warmed up yet.
   *
   * @return whether a warm-up was started (false: this shape was already warmed here)
   */
  public static boolean warmUp(RnnModel model, int batchSize) {
    if (!WARMED.add(model.describe())) {
      return false;
    }
    Thread warming = new Thread(() -> {
      long started = System.nanoTime();
      Warmup.run(PreparedModel.prepare(model, gemm()), batchSize, WARMUP_BATCHES);
      LOG.info("unroll warm-up: {} batches of the model's shapes in {} s", WARMUP_BATCHES,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }, "unroll-warmup");
    warming.setDaemon(true); // never keeps a finished job's JVM alive
    warming.start();
    return true;
  }

  /**
   * Whether {@code prepared} is for the matmul this JVM runs now: false for its vector-prepared models once
   * its vector kernels turned out boxed ({@link KernelWatch}), when it goes on with scalar ones.
   */
  static boolean current(Prepared prepared) {
    return prepared.model().gemm() == gemm();
  }

  /**
   * The matmul every executor uses: the JVM's preferred one (tiled and vectorised with
   * {@code --add-modules jdk.incubator.vector}), or the scalar one once its vector kernels turned out
   * boxed. Its reduction order per row does not depend on the batch, so results do not depend on batching.
   */
  static Gemm gemm() {
    if (KernelWatch.JVM.boxed() != null) {
      return Gemms.scalar(); // the same bits, and no vector code to come out of the JIT boxed
    }
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
