package dev.unroll.spark.publish;

import dev.unroll.config.JobConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One output of a run (the scores or the quarantine): written, then published once the whole run has
 * succeeded and checked where it landed, or discarded. A file sink is staged beside its destination
 * ({@link StagedRunOutput}); a table format with its own transactional commit is written in place
 * ({@link TableRunOutput}).
 */
public interface RunOutput extends AutoCloseable {
  /** Name of the run summary published with the output (Spark's readers skip names starting with _). */
  String SUMMARY_FILE = "_unroll_summary.json";

  /** Table formats whose commit is transactional: a reader sees a whole commit or none of it. */
  List<String> TRANSACTIONAL = List.of("delta");

  static boolean transactional(String format) {
    return TRANSACTIONAL.contains(format.toLowerCase(Locale.ROOT));
  }

  /**
   * @param path where it goes ({@code --output} or the quarantine path)
   * @param partitionBy its partition columns
   * @param idColumn the column of sequence ids, unique per row
   * @param what its name in messages ({@code --output}, {@code the quarantine output})
   * @param runId names the staging folders and marks the commit
   * @param stopWriters cancels the run's Spark jobs and waits until their tasks have ended
   */
  static RunOutput open(SparkSession spark, JobConfig.Output out, String path, List<String> partitionBy,
      String idColumn, String what, String runId, Runnable stopWriters) {
    if (out.format().equalsIgnoreCase(NoopRunOutput.FORMAT)) {
      return new NoopRunOutput();
    }
    return transactional(out.format()) ? new TableRunOutput(spark, out, path, partitionBy, what, runId)
        : StagedRunOutput.open(spark, out, path, partitionBy, idColumn, what, runId, stopWriters);
  }

  /** Writes the rows (a Spark job); nothing is visible to readers yet unless the format commits itself. */
  void write(Dataset<Row> data);

  /** Drops what was written, once no task of the run writes any more. */
  void discard();

  /**
   * Makes the written rows visible and checks how many landed.
   *
   * @param rows how many rows the job wrote, by its own count
   * @param files written beside the data and published with it, by name: the run summary as
   *     {@link #SUMMARY_FILE}, the run report and its statistics; empty for none
   * @return the rows found from this run at the destination, or -1 when the format cannot say
   */
  long publish(long rows, Map<String, String> files);

  @Override
  void close();
}
