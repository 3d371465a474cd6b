/**
 * The job's outputs, all or nothing ({@link dev.unroll.spark.publish.RunOutput}): a run writes into a hidden staging folder beside its destination
 * ({@code .<name>.unroll-staging-<run>}, skipped by Spark's and Hive's readers), and only a finished run
 * moves it into place, keeping what it replaces until the move is complete. A journal beside the
 * destination lets a later run undo a publish that was cut short; whatever a killed run leaves is found
 * before any work ({@link dev.unroll.spark.publish.Debris}). Also: paths compared as the file system
 * sees them, and row counts read from Parquet and ORC footers.
 *
 * A Delta Lake output is written in place instead: its own commit is the publish.
 *
 * <p>Uses Hadoop's {@code FileSystem} and Spark's writers; knows nothing of scoring.
 */
package dev.unroll.spark.publish;
