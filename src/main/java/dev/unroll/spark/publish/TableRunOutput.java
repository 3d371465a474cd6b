package dev.unroll.spark.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unroll.config.JobConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An output in Delta Lake: the table's own commit is the publish (a reader sees the whole commit or
 * none of it; a killed job's files are never in the log), so there is no staging. The commit carries
 * the run id as its {@code userMetadata}; after it, the rows the commit reports
 * ({@code operationMetrics.numOutputRows} in the log) must equal the rows scored.
 *
 * <p>Because the write commits as soon as the Spark job ends, a bad row under {@code fail} must fail its
 * task here rather than end it early (see {@code dev.unroll.spark.ScoringRun}).
 */
final class TableRunOutput implements RunOutput {
  private static final Logger LOG = LogManager.getLogger(TableRunOutput.class);
  /** Commits looked at, newest first, to find this run's (other writers may have committed since). */
  private static final int COMMITS_SEARCHED = 20;

  private final SparkSession spark;
  private final JobConfig.Output out;
  private final String path;
  private final List<String> partitionBy;
  private final String what;
  private final String marker;

  TableRunOutput(SparkSession spark, JobConfig.Output out, String path, List<String> partitionBy, String what,
      String runId) {
    this.spark = spark;
    this.out = out;
    this.path = path;
    this.partitionBy = List.copyOf(partitionBy);
    this.what = what;
    this.marker = "unroll run " + runId;
  }

  @Override
  public void write(Dataset<Row> data) {
    DataFrameWriter<Row> writer = data.write().format(out.format()).options(out.options())
        .option("userMetadata", marker).mode(out.mode().name().toLowerCase(Locale.ROOT));
    if (!partitionBy.isEmpty()) {
      writer = writer.partitionBy(partitionBy.toArray(new String[0]));
    }
    if (out.dynamicPartitionOverwrite()) {
      writer = writer.option("partitionOverwriteMode", "dynamic"); // replace only the partitions written
    }
    writer.save(path);
  }

  /** Nothing to drop: a failed write never committed, and its files are not in the table's log. */
  @Override
  public void discard() {}

  @Override
  public long publish(long rows, Map<String, String> files) {
    try {
      Path log = new Path(path, "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long found = committedRows(fs, log);
      if (found >= 0 && found != rows) {
        throw new IllegalStateException(what + " " + path + ": the Delta commit of this run reports " + found
            + " rows but the job wrote " + rows + "; do not use this version of the table");
      }
      // beside the table's files, not in its log: a file whose name starts with _ is not table data
      for (Map.Entry<String, String> f : files.entrySet()) {
        try (OutputStream stream = fs.create(new Path(path, f.getKey()), true)) {
          stream.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
      LOG.info("committed {} rows to the Delta table {}", found < 0 ? "(uncounted)" : found, path);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + what + " " + path + " after its commit: " + e.getMessage(), e);
    }
  }

  /** The {@code numOutputRows} of this run's commit, or -1 when the log does not record it. */
  private long committedRows(FileSystem fs, Path log) throws IOException {
    List<FileStatus> commits = new ArrayList<>();
    for (FileStatus s : fs.listStatus(log)) {
      if (s.getPath().getName().matches("\\d{20}\\.json")) {
        commits.add(s);
      }
    }
    commits.sort(Comparator.comparing((FileStatus s) -> s.getPath().getName()).reversed());
    ObjectMapper json = new ObjectMapper();
    for (FileStatus commit : commits.subList(0, Math.min(COMMITS_SEARCHED, commits.size()))) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(commit.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          JsonNode info = json.readTree(line).path("commitInfo");
          if (marker.equals(info.path("userMetadata").asText(null))) {
            JsonNode rows = info.path("operationMetrics").path("numOutputRows");
            return rows.isMissingNode() ? -1 : Long.parseLong(rows.asText());
          }
        }
      }
    }
    throw new IllegalStateException(what + " " + path + ": no commit of this run (" + marker + ") among the "
        + "table's last " + COMMITS_SEARCHED + " commits");
  }

  @Override
  public void close() {}

}
