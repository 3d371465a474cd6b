/**
 * The Spark job: pre-flight checks, reading the input through Spark's own readers, broadcasting the
 * model, the partition function that streams rows into mini-batches and unrolls them, and the write.
 *
 * <p>Nothing numeric lives here: sequences are copied from Spark's {@code InternalRow}/{@code ArrayData}
 * straight into the flat {@code float[]} buffers of {@link dev.unroll.model.SequenceBatch}, and results
 * go back out as {@code UnsafeArrayData} or plain float columns, without boxing a float. The partition
 * function ({@link dev.unroll.spark.ScorePartition}) holds only a {@code Broadcast}, accumulators and
 * plain serializable plans, so it can be tested without a cluster.
 */
package dev.unroll.spark;
