package dev.unroll.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unroll.config.JobConfig;
import dev.unroll.report.RunFacts;
import dev.unroll.report.RunReport;
import dev.unroll.report.RunStats;
import dev.unroll.report.StatsJson;
import dev.unroll.spark.partition.ScoringMetrics;
import dev.unroll.spark.plan.PreflightException;
import dev.unroll.spark.publish.RunOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The files a run publishes beside its data: the summary, and unless {@code --report none} the run's
 * statistics and its report page. A report sent elsewhere ({@code --report PATH}) is written beside its
 * destination under a hidden name before the output is published and moved into place after, so it
 * appears only for a run whose output did; {@link #close} removes it otherwise.
 */
final class RunReportFiles implements AutoCloseable {
  private final Configuration conf;
  private final Path elsewhere;
  private Path pending;

  private RunReportFiles(Configuration conf, Path elsewhere) {
    this.conf = conf;
    this.elsewhere = elsewhere;
  }

  /**
   * Checks, before any work, that a report sent elsewhere has a folder to go to.
   *
   * @throws PreflightException naming {@code --report} and the missing folder
   */
  static RunReportFiles plan(SparkSession spark, JobConfig.Output out) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (!out.reporting() || out.report() == null) {
      return new RunReportFiles(conf, null);
    }
    Path path;
    try {
      Path given = new Path(out.report());
      FileSystem fs = given.getFileSystem(conf);
      path = fs.makeQualified(given); // a bare file name has no parent until it is resolved
      Path parent = path.getParent();
      if (parent != null && !(fs.exists(parent) && fs.getFileStatus(parent).isDirectory())) {
        throw new PreflightException("--report " + out.report() + ": the folder " + parent
            + " does not exist; create it or give another path");
      }
      if (fs.exists(path) && fs.getFileStatus(path).isDirectory()) {
        throw new PreflightException("--report " + out.report() + " is a folder; give a file name such as "
            + new Path(path, RunReport.FILE));
      }
    } catch (IOException e) {
      throw new PreflightException("--report " + out.report() + ": " + e.getMessage(), e);
    }
    return new RunReportFiles(conf, path);
  }

  /** The files to publish with the output, by name; a report sent elsewhere is staged beside its destination. */
  Map<String, String> stage(SparkSession spark, JobConfig config, JobSummary summary, ScoringMetrics metrics,
      String commandLine) {
    Map<String, String> files = new LinkedHashMap<>();
    String json = summary.toJson();
    files.put(RunOutput.SUMMARY_FILE, json);
    if (metrics.stats == null) {
      return files;
    }
    RunStats stats = metrics.stats.value();
    files.put(RunReport.STATS_FILE, StatsJson.write(stats));
    RunFacts facts = new RunFacts(commandLine, config.describe(), summary.weights(), spark.version(),
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")", summary.cores(),
        summary.output(), figures(json), summary.reconciliation());
    String html = RunReport.render(stats, facts);
    if (elsewhere == null) {
      files.put(RunReport.FILE, html);
    } else {
      pending = new Path(elsewhere.getParent(), "." + elsewhere.getName() + ".unroll-pending");
      write(pending, html);
    }
    return files;
  }

  /** Moves a report sent elsewhere into place, once the output is published. */
  void published() {
    if (pending == null) {
      return;
    }
    try {
      FileSystem fs = fileSystem(elsewhere);
      fs.delete(elsewhere, false);
      if (!fs.rename(pending, elsewhere)) {
        throw new IOException("could not move " + pending + " to " + elsewhere);
      }
      pending = null;
    } catch (IOException e) {
      throw new UncheckedIOException("the output is published but the report could not be: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (pending != null) {
      try {
        fileSystem(pending).delete(pending, false);
      } catch (IOException e) {
        // nothing was published; a leftover hidden file is harmless and named in the log by Hadoop
      }
    }
  }

  private void write(Path path, String text) {
    try (OutputStream stream = fileSystem(path).create(path, true)) {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + path + ": " + e.getMessage(), e);
    }
  }

  /** The file system of {@code path}; on a local disk without Hadoop's {@code .crc} files beside a lone page. */
  private FileSystem fileSystem(Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  /** The summary's numbers, read back from its JSON, so the page shows exactly what the file says. */
  private static Map<String, Number> figures(String summaryJson) {
    Map<String, Number> figures = new LinkedHashMap<>();
    try {
      JsonNode root = new ObjectMapper().readTree(summaryJson);
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        if (e.getValue().isNumber()) {
          figures.put(e.getKey(), e.getValue().numberValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the run summary is not JSON: " + e.getMessage(), e);
    }
    return figures;
  }
}
