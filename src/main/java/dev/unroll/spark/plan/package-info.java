/**
 * What the driver settles before any work: the pre-flight checks ({@link dev.unroll.spark.plan.Preflight},
 * failing with {@link dev.unroll.spark.plan.PreflightException}), the input files and a sample of their
 * rows, the model load, and the plain serializable plans a task is given: which columns to read and how
 * a sequence is stored ({@link dev.unroll.spark.plan.InputPlan}), which columns to write
 * ({@link dev.unroll.spark.plan.OutputPlan}), and the two together with the batch settings
 * ({@link dev.unroll.spark.plan.PartitionPlan}).
 *
 * <p>Runs on the driver only. May import {@code dev.unroll.spark.publish} (to resolve the output paths
 * and find debris before any work); must not import {@code dev.unroll.spark} itself or
 * {@code dev.unroll.spark.partition}: the partition function and the job are built on these plans, not
 * the other way round.
 */
package dev.unroll.spark.plan;
