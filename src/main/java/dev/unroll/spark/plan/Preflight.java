package dev.unroll.spark.plan;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.JobConfig;
import dev.unroll.config.OutputLayout;
import dev.unroll.config.WriteMode;
import dev.unroll.model.Embedding;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.publish.Debris;
import dev.unroll.spark.publish.ResolvedPath;
import dev.unroll.spark.publish.RunOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Every check that can fail before any work starts, once the loader has checked the weights against the
 * declared cell: the input path and schema against the model, the output path under the write mode,
 * never over what the job reads, never over a killed run's debris.
 * Each failure says what to change.
 */
public final class Preflight {
  private static final Logger LOG = LogManager.getLogger(Preflight.class);

  private Preflight() {}

  /** The opened input and the plans derived from it. */
  public record Checked(Dataset<Row> input, PartitionPlan plan) {}

  public static Checked check(SparkSession spark, JobConfig config, RnnModel model, Embedding embedding) {
    JobConfig.Input in = config.input();
    requirePathExists(spark, in.path());
    InputFiles.First first = InputFiles.check(spark.sparkContext().hadoopConfiguration(), in.path(), in.format());
    // paths only, before the input is read: the schema and sample reads are Spark jobs, which on a cluster
    // first wait for executors to start
    JobConfig.Output out = config.output();
    boolean quarantining = config.run().badRows() == BadRowPolicy.QUARANTINE;
    requireApart(spark, config);
    requireNoDebris(spark, out.path(), "--output", out.cleanDebris());
    if (quarantining) {
      requireNoDebris(spark, config.quarantinePath(), "the quarantine output", out.cleanDebris());
    }
    Dataset<Row> df;
    try {
      // Spark's own schema job skipped where the first file holds the schema Spark wrote into it
      StructType written = WrittenSchema.of(spark.sparkContext().hadoopConfiguration(), in.path(), in.format(),
          in.options(), Boolean.parseBoolean(spark.conf().get(WrittenSchema.MERGE_SCHEMA, "false")));
      DataFrameReader reader = spark.read().format(in.format()).options(in.options());
      df = (written != null ? reader.schema(written) : reader).load(in.path());
    } catch (Exception e) { // Spark throws checked exceptions (AnalysisException, SparkException) undeclared
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new PreflightException("cannot read --input " + in.path() + " as " + in.format() + ": "
          + message + "; check --input-format and --input-options", e);
    }
    PartitionPlan plan = plan(df.schema(), in, config.output(), config.run(), model, embedding);
    InputSample.requireWidth(spark.sparkContext().hadoopConfiguration(), in, first, df, plan.input());
    if (out.format().equals("csv") && (out.layout() != OutputLayout.COLUMNS || plan.output().emitOutputs())) {
      throw new PreflightException("--output-format csv cannot hold array or vector columns: use"
          + " --output-layout columns without --emit outputs, or parquet, orc or json");
    }
    if (RunOutput.transactional(out.format())) {
      requireDelta(spark);
    }
    if (out.mode() == WriteMode.ERROR) {
      requireAbsent(spark, out.path(), "--output");
      if (quarantining) {
        requireAbsent(spark, config.quarantinePath(), "the quarantine output");
      }
    }
    return new Checked(df, plan);
  }

  /** Delta's jar and its two session settings, without which its first write fails deep in the job. */
  private static void requireDelta(SparkSession spark) {
    String extensions = spark.conf().get("spark.sql.extensions", "");
    String catalog = spark.conf().get("spark.sql.catalog.spark_catalog", "");
    if (!extensions.contains(DELTA_EXTENSION) || !catalog.equals(DELTA_CATALOG)) {
      throw new PreflightException("--output-format delta needs Delta Lake in the job: --packages "
          + SparkLine.ofThisJar().deltaPackage() + ", --conf spark.sql.extensions=" + DELTA_EXTENSION + " and --conf "
          + "spark.sql.catalog.spark_catalog=" + DELTA_CATALOG + " (found extensions '" + extensions
          + "', catalog '" + catalog + "')");
    }
  }

  private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  private static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /**
   * The checks of an input schema against the options and the model, and the plan they give: what the job
   * runs on its input and the {@code ml} transformer on a DataFrame.
   */
  public static PartitionPlan plan(StructType schema, JobConfig.Input in, JobConfig.Output out, JobConfig.Run run,
      RnnModel model, Embedding embedding) {
    InputPlan inputPlan = InputPlan.analyze(schema, in, model.inputSize(), embedding);
    OutputPlan outputPlan = OutputPlan.of(model, out, inputPlan);
    return new PartitionPlan(inputPlan, outputPlan, run.batchSize(), run.sortWindow(), run.badRows());
  }

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

  /**
   * Refuses an output (or quarantine output) that is, holds or lies inside the input, the weights, the
   * embedding table or the other output, compared as the file system resolves them: an overwrite there
   * would delete what the job reads.
   */
  static void requireApart(SparkSession spark, JobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      List<Named> read = new ArrayList<>();
      for (ResolvedPath input : ResolvedPath.ofEach(conf, config.input().path())) {
        read.add(new Named("--input", input));
      }
      read.add(new Named("--weights", ResolvedPath.of(conf, config.model().weights())));
      if (config.model().embedding() != null) {
        read.add(new Named("--embedding", ResolvedPath.of(conf, config.model().embedding())));
      }
      List<Named> written = new ArrayList<>();
      written.add(new Named("--output", ResolvedPath.of(conf, config.output().path())));
      if (config.run().badRows() == BadRowPolicy.QUARANTINE) {
        written.add(new Named("the quarantine output", ResolvedPath.of(conf, config.quarantinePath())));
      }
      for (Named w : written) {
        for (Named r : read) {
          fail(w.path().conflictWith(w.what(), r.path(), r.what()));
        }
      }
      if (written.size() == 2) {
        fail(written.get(1).path().conflictWith(written.get(1).what(), written.get(0).path(), "--output"));
      }
      if (config.output().reporting() && config.output().report() != null) {
        // a report written into the input would change what the job reads
        ResolvedPath report = ResolvedPath.of(conf, config.output().report());
        for (Named r : read) {
          fail(report.conflictWith("--report", r.path(), r.what()));
        }
      }
    } catch (IOException e) {
      throw new PreflightException("cannot resolve the paths of --input, --weights and --output: " + e.getMessage(), e);
    }
  }

  private record Named(String what, ResolvedPath path) {}

  private static void fail(String conflict) {
    if (conflict != null) {
      throw new PreflightException(conflict);
    }
  }

  /**
   * Refuses an output with debris of a killed run at or beside it, or removes the debris when asked.
   * The message starts with {@code debris of an interrupted run} (scripts may match it).
   */
  static void requireNoDebris(SparkSession spark, String path, String what, boolean clean) {
    try {
      Debris debris = Debris.find(spark.sparkContext().hadoopConfiguration(), path);
      if (debris.isEmpty()) {
        return;
      }
      if (clean) {
        debris.describe().forEach(d -> LOG.warn("--clean-debris: removing at {}: {}", path, d));
        debris.clean();
        return;
      }
      throw new PreflightException("debris of an interrupted run at " + what + " " + path + ": "
          + String.join("; ", debris.describe()) + ". Nothing of it was published. Remove it, or rerun with"
          + " --clean-debris (only when no other job writes to " + path + ")");
    } catch (IOException e) {
      throw new PreflightException("cannot look for debris of killed runs at " + what + " " + path + ": "
          + e.getMessage(), e);
    }
  }
}
