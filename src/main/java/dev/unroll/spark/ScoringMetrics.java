package dev.unroll.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The accumulators the partition function updates: what Spark's UI does not show about scoring. Updated
 * once per window (and once per partition for times), not per row.
 */
final class ScoringMetrics implements Serializable {
  final LongAccumulator rowsRead = new LongAccumulator();
  final LongAccumulator rowsScored = new LongAccumulator();
  final LongAccumulator rowsRejected = new LongAccumulator();
  final LongAccumulator validSteps = new LongAccumulator();
  /** Steps of the mini-batches padded to their longest sequence; the packed unroll does not compute them. */
  final LongAccumulator paddedSteps = new LongAccumulator();
  final LongAccumulator batches = new LongAccumulator();
  final LongAccumulator readNanos = new LongAccumulator();
  final LongAccumulator scoreNanos = new LongAccumulator();
  /** Each partition's wall time from its first row pulled to its last row handed on. */
  final CollectionAccumulator<Long> partitionNanos = new CollectionAccumulator<>();
  /** The bad rows themselves, under {@code --bad-rows quarantine}. */
  final RejectedRows rejected = new RejectedRows();

  /** Accumulators registered with {@code sc}, named {@code unroll.*} in the Spark UI. */
  static ScoringMetrics register(SparkContext sc) {
    ScoringMetrics m = new ScoringMetrics();
    sc.register(m.rowsRead, "unroll.rowsRead");
    sc.register(m.rowsScored, "unroll.rowsScored");
    sc.register(m.rowsRejected, "unroll.rowsRejected");
    sc.register(m.validSteps, "unroll.validSteps");
    sc.register(m.paddedSteps, "unroll.paddedSteps");
    sc.register(m.batches, "unroll.batches");
    sc.register(m.readNanos, "unroll.readNanos");
    sc.register(m.scoreNanos, "unroll.scoreNanos");
    sc.register(m.partitionNanos, "unroll.partitionNanos");
    m.rejected.register(sc);
    return m;
  }

  /** Unregistered accumulators, for running a partition function outside a job (tests). */
  static ScoringMetrics local() {
    return new ScoringMetrics();
  }
}
