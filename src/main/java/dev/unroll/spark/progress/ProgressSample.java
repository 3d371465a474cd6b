package dev.unroll.spark.progress;

/**
 * One point of a run's progress, taken each second on the driver: the rows read by then (as the progress
 * line shows them, so never fewer than at the point before). Throughput over any interval is the
 * difference of two samples' rows over the difference of their times.
 *
 * @param seconds since the job started (its pre-flight checks included, as the summary's wall time)
 */
public record ProgressSample(double seconds, long rows) {}
