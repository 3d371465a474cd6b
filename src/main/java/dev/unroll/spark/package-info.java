/**
 * The Spark job: it runs the pre-flight checks and plans ({@code dev.unroll.spark.plan}), reads the input
 * through Spark's own readers, broadcasts the model, maps the partition function
 * ({@code dev.unroll.spark.partition}) over it, follows it ({@code dev.unroll.spark.progress}) and writes
 * through {@code dev.unroll.spark.publish}; also the job's summary and the rejected-rows limit.
 *
 * <p>Nothing numeric lives here: sequences are copied from Spark's {@code InternalRow}/{@code ArrayData}
 * straight into the flat {@code float[]} buffers of {@link dev.unroll.model.SequenceBatch}, and results
 * go back out as {@code UnsafeArrayData} or plain float columns, without boxing a float. The partition
 * function ({@link dev.unroll.spark.partition.ScorePartition}) holds only a {@code Broadcast}, accumulators and
 * plain serializable plans, so it can be tested without a cluster.
 */
package dev.unroll.spark;
