package dev.unroll.spark;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.JobConfig;
import dev.unroll.model.Embedding;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.Provenance;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The scoring job on the driver: pre-flight checks, one broadcast of the validated model, the scoring
 * pass written through Spark's commit protocol, the optional quarantine pass, the summary.
 */
public final class ScoringJob {
  private static final Logger LOG = LogManager.getLogger(ScoringJob.class);

  /** Name of the run summary written inside the output folder (Spark's readers skip names starting with _). */
  public static final String SUMMARY_FILE = "_unroll_summary.json";

  private ScoringJob() {}

  /**
   * Runs the job.
   *
   * @param embedding the table for token-id sequences, or null
   * @throws PreflightException before any work when the input, model or output do not fit
   * @throws BadRowException under {@code --bad-rows fail}, for the first bad row found
   */
  public static JobSummary run(SparkSession spark, JobConfig config, LoadedModel model, Embedding embedding) {
    // the wall time a user waits for, from the pre-flight's first look at the input (Spark's schema job)
    long started = System.nanoTime();
    Preflight.Checked checked = Preflight.check(spark, config, model.model(), embedding);
    PartitionPlan plan = checked.plan();
    config.describe().forEach(line -> LOG.info("config: {}", line));
    for (String line : model.model().describe().split("\n")) {
      LOG.info("model: {}", line);
    }
    LOG.info("model: weights {} ({}), sha256 {}", model.provenance().source(), model.provenance().format(),
        model.provenance().sha256());
    model.provenance().tensors().forEach(t -> LOG.info("model: tensor {}", t));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> broadcast = jsc.broadcast(new ScoringModel(model.model(), embedding).toBytes());
    ScoringMetrics metrics = ScoringMetrics.register(spark.sparkContext());
    Dataset<Row> selected = checked.input().select(plan.input().selection());

    JavaRDD<InternalRow> scored = Catalyst.internalRows(selected).toJavaRDD()
        .mapPartitions(new ScorePartition(broadcast, plan, metrics));
    Dataset<Row> output = Catalyst.dataFrame(spark, scored.rdd(), plan.output().schema());
    ProgressReporter progress =
        new ProgressReporter(spark.sparkContext(), metrics, config.run().progressIntervalSeconds());
    boolean existed = exists(spark, config.output().path());
    try {
      write(output, config.output(), config.output().path());
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      if (!existed) {
        removeIfEmpty(spark, config.output().path());
      }
      throw unwrapBadRow(e);
    } finally {
      progress.close();
    }
    long quarantined = -1;
    if (config.run().badRows() == BadRowPolicy.QUARANTINE) {
      quarantined = quarantine(spark, config, broadcast, plan, selected, metrics.rejected);
    }
    double wall = (System.nanoTime() - started) / 1e9;
    broadcast.destroy();

    JobSummary summary = summarize(spark, config, metrics, quarantined, wall, model.provenance());
    if (summary.rowsRead() != summary.rowsScored() + summary.rowsRejected()) {
      throw new IllegalStateException("rows do not add up: " + summary.rowsRead() + " read but "
          + summary.rowsScored() + " scored and " + summary.rowsRejected() + " rejected");
    }
    if (quarantined >= 0 && quarantined != summary.rowsRejected()) {
      throw new IllegalStateException("the quarantine pass wrote " + quarantined + " rows but the scoring "
          + "pass rejected " + summary.rowsRejected());
    }
    writeSummary(spark, config.output().path(), summary);
    return summary;
  }

  private static void write(Dataset<Row> data, JobConfig.Output out, String path) {
    DataFrameWriter<Row> writer = data.write().format(out.format())
        .options(WriterOptions.resolve(out.format(), out.options(), data.schema()))
        .mode(out.mode().name().toLowerCase(Locale.ROOT));
    if (!out.partitionBy().isEmpty()) {
      writer = writer.partitionBy(out.partitionBy().toArray(new String[0]));
    }
    if (out.dynamicPartitionOverwrite()) {
      // replace only the partitions this run writes, not the whole table (a daily run's own day)
      writer = writer.option("partitionOverwriteMode", "dynamic");
    }
    writer.save(path);
  }

  /** Writes the bad rows, with a reason column, to the quarantine output; returns how many. */
  private static long quarantine(SparkSession spark, JobConfig config, Broadcast<byte[]> broadcast,
      PartitionPlan plan, Dataset<Row> selected, RejectedRows rejected) {
    StructType schema = selected.schema();
    LongAccumulator written = spark.sparkContext().longAccumulator("unroll.rowsQuarantined");
    JavaRDD<InternalRow> bad = rejected.toRdd(spark, selected, broadcast, plan.input(), written);
    Dataset<Row> rows = Catalyst.dataFrame(spark, bad.rdd(), schema.add("reason", DataTypes.StringType, false));
    JobConfig.Output out = config.output();
    // same sink and mode as the output: a rerun in overwrite mode also replaces the old quarantine
    rows.write().format(out.format()).options(out.options()).mode(out.mode().name().toLowerCase(Locale.ROOT))
        .save(config.quarantinePath());
    return written.value();
  }

  private static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      return true; // unknown: leave whatever is there alone
    }
  }

  /**
   * After a failed write, the commit protocol has removed every file; Spark leaves the folder it made. A
   * folder this job created and left empty goes too, so a rerun in error mode is not refused.
   */
  private static void removeIfEmpty(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      var fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(p) && fs.listStatus(p).length == 0) {
        fs.delete(p, false);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the empty output folder {}: {}", path, e.toString());
    }
  }

  /** The bad row behind a failed write, with its own message; other failures as they are. */
  private static RuntimeException unwrapBadRow(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadRowException bad) {
        return new BadRowException(bad.getMessage());
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }

  private static JobSummary summarize(SparkSession spark, JobConfig config, ScoringMetrics m,
      long quarantined, double wall, Provenance weights) {
    List<Long> times = new ArrayList<>(m.partitionNanos.value());
    Collections.sort(times);
    double min = times.isEmpty() ? 0 : times.get(0) / 1e9;
    double median = times.isEmpty() ? 0 : times.get(times.size() / 2) / 1e9;
    double max = times.isEmpty() ? 0 : times.get(times.size() - 1) / 1e9;
    double busy = times.stream().mapToLong(Long::longValue).sum() / 1e9;
    double read = m.readNanos.value() / 1e9;
    double score = m.scoreNanos.value() / 1e9;
    return new JobSummary(m.rowsRead.value(), m.rowsScored.value(), m.rowsRejected.value(), quarantined,
        config.run().badRows().name().toLowerCase(Locale.ROOT), m.validSteps.value(), m.paddedSteps.value(),
        m.batches.value(), times.size(), min, median, max, read, score, Math.max(0, busy - read - score), wall,
        spark.sparkContext().defaultParallelism(), config.output().path(), weights);
  }

  private static void writeSummary(SparkSession spark, String output, JobSummary summary) {
    Path path = new Path(output, SUMMARY_FILE);
    try (OutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
      out.write(summary.toJson().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warn("could not write the run summary to {}: {}", path, e.toString());
    }
  }
}
