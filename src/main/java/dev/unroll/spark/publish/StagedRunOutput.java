package dev.unroll.spark.publish;

import dev.unroll.config.JobConfig;
import dev.unroll.config.WriteMode;
import dev.unroll.spark.parquet.DirectParquetFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An output of files (Parquet, ORC, JSON, ...): written into its own staging folder through Spark's
 * commit protocol, then, when the whole run has succeeded, counted from the footers, moved into place
 * as the write mode says, and counted again where it landed.
 */
public final class StagedRunOutput implements RunOutput {
  private static final Logger LOG = LogManager.getLogger(StagedRunOutput.class);

  private final SparkSession spark;
  private final JobConfig.Output out;
  private final List<String> partitionBy;
  private final String idColumn;
  private final String what;
  private final StagedOutput staged;

  public StagedRunOutput(SparkSession spark, JobConfig.Output out, List<String> partitionBy, String idColumn,
      String what, StagedOutput staged) {
    this.spark = spark;
    this.out = out;
    this.partitionBy = List.copyOf(partitionBy);
    this.idColumn = idColumn;
    this.what = what;
    this.staged = staged;
  }

  static StagedRunOutput open(SparkSession spark, JobConfig.Output out, String path, List<String> partitionBy,
      String idColumn, String what, String runId, Runnable stopWriters) {
    try {
      StagedOutput staged = StagedOutput.begin(conf(spark), path, runId, stopWriters);
      return new StagedRunOutput(spark, out, partitionBy, idColumn, what, staged);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + what + " " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code data} into the (new) staging folder, partitioned as the output is. */
  @Override
  public void write(Dataset<Row> data) {
    DataFrameWriter<Row> writer = data.write().format(sink(out.format()))
        .options(WriterOptions.resolve(out.format(), out.options(), data.schema(), idColumn)).mode("errorifexists");
    if (!partitionBy.isEmpty()) {
      writer = writer.partitionBy(partitionBy.toArray(new String[0]));
    }
    writer.save(staged.staging());
  }

  /** The data source a format is written with: Parquet through unroll's direct column writer. */
  static String sink(String format) {
    return format.equalsIgnoreCase("parquet") ? DirectParquetFormat.class.getName() : format;
  }

  @Override
  public void discard() {
    staged.discard();
  }

  /**
   * Checks the staged rows, publishes, and checks the published rows. For formats without a footer
   * count (JSON, CSV), only the moves are checked.
   */
  @Override
  public long publish(long rows, Map<String, String> files) {
    Configuration conf = conf(spark);
    boolean countable = RowCounts.countable(out.format());
    try {
      Path destination = new Path(staged.destination());
      if (out.mode() == WriteMode.ERROR && destination.getFileSystem(conf).exists(destination)) {
        throw new IllegalStateException(what + " " + staged.destination() + " appeared while the job ran and"
            + " --mode is error: nothing was published");
      }
      if (countable) {
        long written = RowCounts.count(conf, out.format(), staged.stagedDataFiles());
        if (written != rows) {
          throw new IllegalStateException(what + " " + staged.destination() + ": the files written hold " + written
              + " rows but the job counted " + rows + "; nothing was published");
        }
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path file = new Path(staged.staging(), f.getKey());
        try (OutputStream stream = file.getFileSystem(conf).create(file, true)) {
          stream.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
      List<Path> published = staged.publish(how(), partitionBy.size());
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

  private StagedOutput.Publish how() {
    if (out.mode() == WriteMode.APPEND) {
      return StagedOutput.Publish.FILES;
    }
    boolean dynamic = out.dynamicPartitionOverwrite()
        || spark.conf().get("spark.sql.sources.partitionOverwriteMode", "static").toLowerCase(Locale.ROOT)
            .equals("dynamic");
    return out.mode() == WriteMode.OVERWRITE && dynamic && !partitionBy.isEmpty()
        ? StagedOutput.Publish.PARTITIONS : StagedOutput.Publish.WHOLE;
  }

  @Override
  public void close() {
    staged.close();
  }

  public static Configuration conf(SparkSession spark) {
    return spark.sparkContext().hadoopConfiguration();
  }
}
