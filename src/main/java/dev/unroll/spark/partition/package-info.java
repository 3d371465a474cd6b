/**
 * What runs on the executors: the partition function ({@link dev.unroll.spark.partition.ScorePartition})
 * that streams rows into mini-batches and unrolls them, fed either Spark's internal rows or views over a
 * columnar scan's batches ({@link dev.unroll.spark.partition.ScoreBatches}, chosen on the driver by
 * {@link dev.unroll.spark.partition.ColumnarInput}); the model broadcast and its per-executor copy, the
 * readers of input rows and the writer of output rows, the accumulators, and the rejected rows and their
 * quarantine.
 *
 * <p>Holds only a {@code Broadcast}, accumulators and the plans of {@code dev.unroll.spark.plan}, so it
 * can be tested without a cluster. May import {@code dev.unroll.spark.plan}; must not import
 * {@code dev.unroll.spark} itself.
 */
package dev.unroll.spark.partition;
