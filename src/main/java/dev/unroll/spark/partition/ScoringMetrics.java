package dev.unroll.spark.partition;

import dev.unroll.math.Gemms;
import java.io.Serializable;
import java.util.List;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The accumulators the partition function updates: what Spark's UI does not show about scoring. Updated
 * once per window (and once per partition for times), not per row.
 *
 * <p>Only the counters are named. For every task, Spark records each named accumulator's update together
 * with a copy of its whole value so far on the task's {@code TaskInfo}, which the scheduler keeps until
 * the stage ends; for a collection that grows by one entry a task, those copies grow with the square of
 * the stage's tasks (measured with 8,000 tiny tasks: 214 MB live on the driver near the stage's end,
 * 79 MB unnamed; 65 against 63 MB once the job ended). So the accumulators whose value is a
 * collection are registered without a name: the driver still merges them, Spark records nothing of
 * them per task.
 */
public final class ScoringMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LogManager.getLogger(ScoringMetrics.class);
  public final LongAccumulator rowsRead = new LongAccumulator();
  public final LongAccumulator rowsScored = new LongAccumulator();
  public final LongAccumulator rowsRejected = new LongAccumulator();
  public final LongAccumulator validSteps = new LongAccumulator();
  /** Steps of the mini-batches padded to their longest sequence; the packed unroll does not compute them. */
  public final LongAccumulator paddedSteps = new LongAccumulator();
  public final LongAccumulator batches = new LongAccumulator();
  public final LongAccumulator readNanos = new LongAccumulator();
  public final LongAccumulator scoreNanos = new LongAccumulator();
  /** Each partition's wall time from its first row pulled to its last row handed on. */
  public final CollectionAccumulator<Long> partitionNanos = new CollectionAccumulator<>();
  /** Executors whose JVM runs the scalar fallback matmul (no vector module): one entry per task there. */
  final CollectionAccumulator<String> scalarExecutors = new CollectionAccumulator<>();
  /** Executors whose vector kernels the JIT compiled boxed ({@link KernelWatch}): one entry per task there. */
  final CollectionAccumulator<String> boxedExecutors = new CollectionAccumulator<>();
  /** The bad rows themselves, under {@code --bad-rows quarantine}. */
  public final RejectedRows rejected = new RejectedRows();
  /** The run report's statistics, or null when the run writes no report (and the tasks gather none). */
  public final StatsAccumulator stats;

  private ScoringMetrics(StatsAccumulator stats) {
    this.stats = stats;
  }

  /** Accumulators registered with {@code sc}, the counters named {@code unroll.*}; no report statistics. */
  public static ScoringMetrics register(SparkContext sc) {
    return register(sc, false);
  }

  /**
   * Accumulators registered with {@code sc}, the counters named {@code unroll.*} in the Spark UI.
   *
   * @param withStats whether the tasks gather the run report's statistics
   */
  public static ScoringMetrics register(SparkContext sc, boolean withStats) {
    ScoringMetrics m = new ScoringMetrics(withStats ? new StatsAccumulator() : null);
    // unnamed, so that Spark keeps no copy of their growing values per task (see above)
    if (m.stats != null) {
      sc.register(m.stats);
    }
    sc.register(m.partitionNanos);
    sc.register(m.scalarExecutors);
    sc.register(m.boxedExecutors);
    sc.register(m.rowsRead, "unroll.rowsRead");
    sc.register(m.rowsScored, "unroll.rowsScored");
    sc.register(m.rowsRejected, "unroll.rowsRejected");
    sc.register(m.validSteps, "unroll.validSteps");
    sc.register(m.paddedSteps, "unroll.paddedSteps");
    sc.register(m.batches, "unroll.batches");
    sc.register(m.readNanos, "unroll.readNanos");
    sc.register(m.scoreNanos, "unroll.scoreNanos");
    m.rejected.register(sc);
    return m;
  }

  /** Called once per task on the executor: notes the executor when its JVM runs the scalar fallback. */
  void noteMatmul() {
    if (!Gemms.vectorModulePresent()) {
      scalarExecutors.add(executorId());
    }
  }

  /**
   * Called after each window a task scores, with {@link KernelWatch#allocatedBytes()} from before it and
   * its multiply-adds: logs a warning on the executor when this JVM's kernels turn out boxed, from which
   * on its tasks run the scalar ones ({@link ExecutorModels#gemm()}).
   */
  void noteKernels(long allocatedAtStart, long macs) {
    String verdict = KernelWatch.JVM.windowScored(allocatedAtStart, macs);
    if (verdict == null) {
      return;
    }
    LOG.warn("unroll kernels on executor {} run BOXED: {} in {} blocks in a row of {} multiply-adds each, about 0"
        + " when compiled as intended. The JIT compiled the vector kernels without their intrinsics, which made"
        + " the one such JVM measured 11.5x slower for good; this executor runs the scalar kernels from its next"
        + " window on (the same results, no vector code). A restarted executor compiles afresh.", executorId(),
        verdict, KernelWatch.BLOCKS, KernelWatch.BLOCK_MACS);
  }

  /** Called once per task at its end: notes the executor when its JVM's kernels run boxed. */
  void noteBoxedKernels() {
    String verdict = KernelWatch.JVM.boxed();
    if (verdict != null) {
      boxedExecutors.add(executorId() + ": " + verdict);
    }
  }

  /** The distinct executors whose kernels ran boxed, each with what was measured there, sorted. */
  public List<String> boxedKernelExecutors() {
    return distinctSorted(boxedExecutors);
  }

  private static String executorId() {
    SparkEnv env = SparkEnv.get();
    return env == null ? "driver" : env.executorId();
  }

  /** The distinct executors that ran the scalar fallback, sorted. */
  public List<String> scalarFallbackExecutors() {
    return distinctSorted(scalarExecutors);
  }

  private static List<String> distinctSorted(CollectionAccumulator<String> entries) {
    return new TreeSet<>(entries.value()).stream().toList();
  }

  /** Unregistered accumulators, for running a partition function outside a job (tests). */
  static ScoringMetrics local() {
    return new ScoringMetrics(null);
  }
}
