package dev.unroll.spark;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.JobConfig;
import dev.unroll.model.Embedding;
import dev.unroll.spark.partition.BadRowException;
import dev.unroll.spark.partition.Catalyst;
import dev.unroll.spark.partition.ExecutorModels;
import dev.unroll.spark.partition.ModelBroadcast;
import dev.unroll.spark.partition.QuarantinePartition;
import dev.unroll.spark.partition.RejectedRows;
import dev.unroll.spark.partition.ScoringMetrics;
import dev.unroll.spark.plan.PartitionPlan;
import dev.unroll.spark.plan.Preflight;
import dev.unroll.spark.progress.ProgressReporter;
import dev.unroll.spark.publish.RunOutput;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.Provenance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * pass and the optional quarantine pass each written to a staging folder, the summary, and the publish
 * of both outputs once everything has succeeded ({@link Outputs}).
 */
public final class ScoringJob {
  private static final Logger LOG = LogManager.getLogger(ScoringJob.class);

  /** Name of the run summary published with the output (Spark's readers skip names starting with _). */
  public static final String SUMMARY_FILE = RunOutput.SUMMARY_FILE;

  private ScoringJob() {}

  /**
   * Runs the job.
   *
   * @param embedding the table for token-id sequences, or null
   * @throws PreflightException before any work when the input, model or output do not fit
   * @throws BadRowException under {@code --bad-rows fail}, for the first bad row found
   * @throws RejectedRowsException when more rows were rejected than {@code --max-rejected} allows
   */
  public static JobSummary run(SparkSession spark, JobConfig config, LoadedModel model, Embedding embedding) {
    return run(spark, config, model, embedding, "(started from code, not from a command line)");
  }

  /**
   * Runs the job.
   *
   * @param commandLine how the run was started, secrets masked, for the run report
   */
  public static JobSummary run(SparkSession spark, JobConfig config, LoadedModel model, Embedding embedding,
      String commandLine) {
    // the wall time a user waits for, from the pre-flight's first look at the input (Spark's schema job)
    long started = System.nanoTime();
    if (spark.sparkContext().isLocal()) {
      // this JVM runs the tasks too: warm the unroll up while pre-flight reads the input's footers
      ExecutorModels.warmUp(model.model(), config.run().batchSize());
    }
    Preflight.Checked checked = Preflight.check(spark, config, model.model(), embedding);
    PartitionPlan plan = checked.plan();
    config.describe().forEach(line -> LOG.info("config: {}", line));
    for (String line : model.model().describe().split("\n")) {
      LOG.info("model: {}", line);
    }
    LOG.info("model: weights {} ({}), sha256 {}", model.provenance().source(), model.provenance().format(),
        model.provenance().sha256());
    model.provenance().tensors().forEach(t -> LOG.info("model: tensor {}", t));

    ScoringMetrics metrics = ScoringMetrics.register(spark.sparkContext(), config.output().reporting());
    boolean quarantining = config.run().badRows() == BadRowPolicy.QUARANTINE;
    JobConfig.Output out = config.output();

    Dataset<Row> quarantineInput = checked.input().select(plan.input().quarantineSelection());
    List<String> quarantinePartitions = quarantinePartitions(out, quarantineInput.schema());
    try (RunReportFiles report = RunReportFiles.plan(spark, config.output());
        ScoringRun run = ScoringRun.start(spark.sparkContext());
        RunOutput main = RunOutput.open(spark, out, out.path(), out.partitionBy(), config.input().idColumn(),
            "--output", run.id(), run::stop);
        RunOutput bad = quarantining
            ? RunOutput.open(spark, out, config.quarantinePath(), quarantinePartitions, config.input().idColumn(),
                "the quarantine output", run.id(), run::stop)
            : null) {
      ProgressReporter progress = ProgressReporter.start(spark.sparkContext(), run.id(), metrics.rowsRead.id(),
          checked.input()::inputFiles, config.input().format(), started, config.run().progressIntervalSeconds());
      ModelBroadcast broadcast;
      try {
        // after the progress line has started: a large model's broadcast takes seconds
        broadcast = ScoringPass.broadcast(spark, model.model(), embedding);
        ScoringPass pass = ScoringPass.of(plan);
        JavaRDD<InternalRow> scored = pass.scoredRows(checked.input(), broadcast, metrics)
            .mapPartitions(run.stopAtBadRow(RunOutput.transactional(out.format())));
        main.write(Catalyst.dataFrame(spark, scored.rdd(), plan.output().schema()));
      } catch (Exception e) { // Spark throws its checked SparkException undeclared
        main.discard();
        throw run.badRow() != null ? new BadRowException(run.badRow()) : unwrap(e);
      } finally {
        progress.close();
      }
      if (run.badRow() != null) {
        throw new BadRowException(run.badRow()); // the cut-short write is discarded when main closes
      }
      // nothing is published yet: over the limit, the staged output is discarded when main closes
      RejectCheck.check(config, metrics.rowsRead.value(), metrics.rowsRejected.value());
      long quarantined = -1;
      if (quarantining) {
        quarantined = quarantine(spark, broadcast, plan, checked.input(), quarantineInput, metrics.rejected, bad);
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
      // the quarantine first: a run is complete once its scores and summary are in place
      if (quarantining) {
        bad.publish(quarantined, Map.of());
      }
      main.publish(summary.rowsScored(), report.stage(spark, config, summary, metrics, commandLine));
      report.published();
      // the summary, written with the outputs, has the wall time before the publish; a run ends after it
      double total = (System.nanoTime() - started) / 1e9;
      LOG.info(String.format(Locale.ROOT, "run: done in %.3f s, published in the last %.3f s", total, total - wall));
      return summary;
    }
  }

  /**
   * The quarantine is partitioned as the output is when it holds the partition columns (they are
   * pass-through columns, which it keeps), so a daily dynamic overwrite replaces only its own day there too.
   */
  private static List<String> quarantinePartitions(JobConfig.Output out, StructType quarantined) {
    List<String> columns = List.of(quarantined.fieldNames());
    return columns.containsAll(out.partitionBy()) ? out.partitionBy() : List.of();
  }

  /**
   * Writes the bad rows, with a reason column, to the quarantine output (unpublished); returns how many.
   * They come from the scoring pass itself, so the input is read once; rows whose values were narrowed to
   * float32 (a double 1e300 became infinite) are read again as stored, so the quarantine keeps them.
   */
  private static long quarantine(SparkSession spark, ModelBroadcast broadcast, PartitionPlan plan,
      Dataset<Row> input, Dataset<Row> stored, RejectedRows rejected, RunOutput quarantine) {
    LongAccumulator written = spark.sparkContext().longAccumulator("unroll.rowsQuarantined");
    Dataset<Row> rows;
    if (plan.input().narrowed()) {
      StructType schema = stored.schema();
      JavaRDD<InternalRow> bad = Catalyst.internalRows(stored).toJavaRDD()
          .mapPartitions(new QuarantinePartition(broadcast, plan.input(), schema, written));
      rows = plan.input().withStoredSequence(
          Catalyst.dataFrame(spark, bad.rdd(), schema.add("reason", DataTypes.StringType, false)));
    } else {
      Dataset<Row> selected = input.select(plan.input().selection());
      StructType schema = selected.schema();
      JavaRDD<InternalRow> bad = rejected.toRdd(spark, selected, broadcast, plan.input(), written);
      rows = Catalyst.dataFrame(spark, bad.rdd(), schema.add("reason", DataTypes.StringType, false));
    }
    try {
      quarantine.write(rows);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      quarantine.discard();
      throw unwrap(e);
    }
    return written.value();
  }

  private static RuntimeException unwrap(Exception e) {
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
        spark.sparkContext().defaultParallelism(), config.output().path(), weights, m.scalarFallbackExecutors(),
        m.boxedKernelExecutors());
  }
}
