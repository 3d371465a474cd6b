package dev.unroll.spark;

import dev.unroll.config.JobConfig;
import dev.unroll.config.WriteMode;
import dev.unroll.spark.publish.RowCounts;
import dev.unroll.spark.publish.StagedOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How the job's outputs (the scores and the quarantine) are written: each into its own staging folder
 * through Spark's commit protocol, then, when the whole run has succeeded, counted from the footers,
 * moved into place as the write mode says, and counted again where it landed.
 */
final class Outputs {
  private static final Logger LOG = LogManager.getLogger(Outputs.class);

  private Outputs() {}

  /** A staged output for {@code path} whose writers {@code run} can stop. */
  static StagedOutput stage(SparkSession spark, String path, ScoringRun run) {
    try {
      return StagedOutput.begin(conf(spark), path, run.id(), run::stop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the output " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code data} into the (new) staging folder, partitioned as the output is. */
  static void write(Dataset<Row> data, JobConfig.Output out, List<String> partitionBy, StagedOutput staged) {
    DataFrameWriter<Row> writer = data.write().format(out.format()).options(out.options()).mode("errorifexists");
    if (!partitionBy.isEmpty()) {
      writer = writer.partitionBy(partitionBy.toArray(new String[0]));
    }
    writer.save(staged.staging());
  }

  /** Writes a small file into the staging folder, so it is published with the data. */
  static void writeFile(SparkSession spark, StagedOutput staged, String name, String text) {
    Path path = new Path(staged.staging(), name);
    try (OutputStream out = path.getFileSystem(conf(spark)).create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the staged rows, publishes, and checks the published rows. For formats without a footer
   * count (JSON, CSV), only the moves are checked.
   *
   * @param what the output's name in messages ({@code --output}, {@code the quarantine output})
   * @param rows how many rows the job wrote there, by its own count
   * @return the rows found at the destination from this run, or -1 when the format cannot say
   */
  static long publish(SparkSession spark, StagedOutput staged, JobConfig.Output out, List<String> partitionBy,
      String what, long rows) {
    Configuration conf = conf(spark);
    boolean countable = RowCounts.countable(out.format());
    try {
      Path destination = new Path(staged.destination());
      if (out.mode() == WriteMode.ERROR && destination.getFileSystem(conf).exists(destination)) {
        throw new IllegalStateException(what + " " + staged.destination() + " appeared while the job ran and"
            + " --mode is error: nothing was published");
      }
      if (countable) {
        long staged0 = RowCounts.count(conf, out.format(), staged.stagedDataFiles());
        if (staged0 != rows) {
          throw new IllegalStateException(what + " " + staged.destination() + ": the files written hold " + staged0
              + " rows but the job counted " + rows + "; nothing was published");
        }
      }
      List<Path> published = staged.publish(how(spark, out, partitionBy), partitionBy.size());
      if (!countable) {
        LOG.info("published {} files to {} ({} has no footer to count rows from)", published.size(),
            staged.destination(), out.format());
        return -1;
      }
      long found = RowCounts.count(conf, out.format(), published);
      if (found != rows) {
        throw new IllegalStateException(what + " " + staged.destination() + ": after publishing, this run's files"
            + " there hold " + found + " rows but the job wrote " + rows + "; do not use the output");
      }
      LOG.info("published {} rows in {} files to {}", found, published.size(), staged.destination());
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + what + " " + staged.destination() + ": " + e.getMessage()
          + " (what had been moved was put back)", e);
    }
  }

  private static StagedOutput.Publish how(SparkSession spark, JobConfig.Output out, List<String> partitionBy) {
    if (out.mode() == WriteMode.APPEND) {
      return StagedOutput.Publish.FILES;
    }
    boolean dynamic = out.dynamicPartitionOverwrite()
        || spark.conf().get("spark.sql.sources.partitionOverwriteMode", "static").toLowerCase(Locale.ROOT)
            .equals("dynamic");
    return out.mode() == WriteMode.OVERWRITE && dynamic && !partitionBy.isEmpty()
        ? StagedOutput.Publish.PARTITIONS : StagedOutput.Publish.WHOLE;
  }

  static Configuration conf(SparkSession spark) {
    return spark.sparkContext().hadoopConfiguration();
  }
}
