/**
 * The run report: statistics a scoring job gathers on its executors with bounded memory, merged on the
 * driver, saved as {@code _unroll_stats.json} beside the summary, and drawn as one self-contained HTML page
 * ({@code _unroll_report.html}) or as the comparison of two runs ({@code unroll report --compare}).
 *
 * <p>Every statistic is mergeable in any order and fixed in size: {@link dev.unroll.report.Histogram}
 * (log-spaced bins read from a float's bits), {@link dev.unroll.report.Moments} (per-dimension mean and
 * spread, Chan's parallel merge), {@link dev.unroll.report.Timeline} (rows over time in at most a fixed
 * number of buckets). {@link dev.unroll.report.RunStats} holds them for a whole run. Pages are plain
 * HTML with inline SVG drawn by {@link dev.unroll.report.Svg}; every value from the data is escaped
 * ({@link dev.unroll.report.Html}).
 *
 * <p>Nothing here imports Spark, Hadoop or Scala: the Spark glue lives in {@code spark.partition} (the
 * accumulator) and {@code spark} (the page written with the output).
 */
package dev.unroll.report;
