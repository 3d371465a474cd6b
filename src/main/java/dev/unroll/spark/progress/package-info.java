/**
 * The job's progress on the driver: rows read of the input's total, sequences per second over the last
 * seconds, elapsed time, time left and tasks done, on one line rewritten in place on a terminal or as
 * periodic log lines; and the samples a report charts as throughput over the run.
 *
 * <p>Counts come from scheduler events ({@code SparkListener}): running tasks' accumulator values from
 * executor heartbeats, finished tasks' final values. The arithmetic ({@code TaskCounts},
 * {@code ProgressMeter}, {@code ProgressLine}) uses nothing from Spark. Imports no other unroll package.
 */
package dev.unroll.spark.progress;
