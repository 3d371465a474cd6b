package dev.unroll.spark;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.JobConfig;
import dev.unroll.config.OutputLayout;
import dev.unroll.config.WriteMode;
import dev.unroll.model.Embedding;
import dev.unroll.model.RnnModel;
import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every check that can fail before any work starts, once the loader has checked the weights against the
 * declared cell: the input path and schema against the model, the output path under the write mode.
 * Each failure says what to change.
 */
final class Preflight {
  private Preflight() {}

  /** The opened input and the plans derived from it. */
  record Checked(Dataset<Row> input, PartitionPlan plan) {}

  static Checked check(SparkSession spark, JobConfig config, RnnModel model, Embedding embedding) {
    JobConfig.Input in = config.input();
    requirePathExists(spark, in.path());
    Dataset<Row> df;
    try {
      df = spark.read().format(in.format()).options(in.options()).load(in.path());
    } catch (RuntimeException e) {
      throw new PreflightException("cannot read --input " + in.path() + " as " + in.format() + ": "
          + e.getMessage() + "; check --input-format and --input-options", e);
    }
    InputPlan inputPlan = InputPlan.analyze(df.schema(), in, model.inputSize(), embedding);
    OutputPlan outputPlan = OutputPlan.of(model, config.output(), inputPlan);
    JobConfig.Output out = config.output();
    if (out.format().equals("csv") && (out.layout() == OutputLayout.ARRAY || outputPlan.emitOutputs())) {
      throw new PreflightException("--output-format csv cannot hold array columns: use --output-layout"
          + " columns without --emit outputs, or parquet, orc or json");
    }
    if (RunOutput.transactional(out.format())) {
      requireDelta(spark);
    }
    boolean quarantining = config.run().badRows() == BadRowPolicy.QUARANTINE;
    OutputChecks.requireApart(spark, config);
    OutputChecks.requireNoDebris(spark, out.path(), "--output", out.cleanDebris());
    if (quarantining) {
      OutputChecks.requireNoDebris(spark, config.quarantinePath(), "the quarantine output", out.cleanDebris());
    }
    if (out.mode() == WriteMode.ERROR) {
      requireAbsent(spark, out.path(), "--output");
      if (quarantining) {
        requireAbsent(spark, config.quarantinePath(), "the quarantine output");
      }
    }
    PartitionPlan plan = new PartitionPlan(inputPlan, outputPlan, config.run().batchSize(),
        config.run().sortWindow(), config.run().badRows());
    return new Checked(df, plan);
  }

  /** Delta's jar and its two session settings, without which its first write fails deep in the job. */
  private static void requireDelta(SparkSession spark) {
    String extensions = spark.conf().get("spark.sql.extensions", "");
    String catalog = spark.conf().get("spark.sql.catalog.spark_catalog", "");
    if (!extensions.contains(DELTA_EXTENSION) || !catalog.equals(DELTA_CATALOG)) {
      throw new PreflightException("--output-format delta needs Delta Lake in the job: --packages "
          + "io.delta:delta-spark_2.13:4.1.0, --conf spark.sql.extensions=" + DELTA_EXTENSION + " and --conf "
          + "spark.sql.catalog.spark_catalog=" + DELTA_CATALOG + " (found extensions '" + extensions
          + "', catalog '" + catalog + "')");
    }
  }

  private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  private static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private static void requirePathExists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] found = fs.globStatus(p);
      if (found == null || found.length == 0) {
        throw new PreflightException("--input " + path + " does not exist: check the path");
      }
    } catch (IOException e) {
      throw new PreflightException("cannot check --input " + path + ": " + e.getMessage(), e);
    }
  }

  private static void requireAbsent(SparkSession spark, String path, String what) {
    try {
      Path p = new Path(path);
      if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        throw new PreflightException(what + " " + path + " already exists and --mode is error: remove it,"
            + " choose another path, or use --mode overwrite or --mode append");
      }
    } catch (IOException e) {
      throw new PreflightException("cannot check " + what + " " + path + ": " + e.getMessage(), e);
    }
  }
}
