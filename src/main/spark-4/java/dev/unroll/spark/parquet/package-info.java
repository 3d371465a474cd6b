/**
 * The scoring output's Parquet writer: Spark's Parquet file format with its per-row record writer
 * replaced, for flat schemas of primitives and float arrays, by one that writes float columns a data
 * page at a time and hands every other value straight to parquet-mr's column writers. Spark still plans
 * the write (commit protocol, staging, partitions, file names), builds the Parquet schema and the
 * footer's metadata; only the way values reach the columns changes, so the files hold what Spark's
 * would (the same bytes where every value goes through a column writer). Other schemas go through
 * Spark's own writer.
 *
 * <p>Nothing numeric lives here; it imports Spark, Hadoop and parquet-mr.
 */
package dev.unroll.spark.parquet;
