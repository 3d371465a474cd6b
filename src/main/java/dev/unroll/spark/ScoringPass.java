package dev.unroll.spark;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Embedding;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.partition.Catalyst;
import dev.unroll.spark.partition.ColumnarInput;
import dev.unroll.spark.partition.ModelBroadcast;
import dev.unroll.spark.partition.ScoreBatches;
import dev.unroll.spark.partition.ScorePartition;
import dev.unroll.spark.partition.ScoringMetrics;
import dev.unroll.spark.partition.ScoringModel;
import dev.unroll.spark.plan.PartitionPlan;
import dev.unroll.spark.plan.Preflight;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * The scoring pass over a DataFrame: the one code path from input rows to scored rows that the job, the
 * {@code ml} transformer and the SQL function all run. The input schema is checked as pre-flight checks it;
 * the rows then go through {@link ScorePartition} with the model broadcast once.
 */
public final class ScoringPass {
  private static final Logger LOG = LogManager.getLogger(ScoringPass.class);
  private final PartitionPlan plan;

  private ScoringPass(PartitionPlan plan) {
    this.plan = plan;
  }

  /**
   * Checks {@code schema} against the column options and the model, with pre-flight's messages.
   *
   * @param embedding the table for token-id sequences, or null
   * @throws PreflightException when a column is missing or of the wrong type for the model
   */
  public static ScoringPass plan(StructType schema, JobConfig.Input in, JobConfig.Output out,
      JobConfig.Run run, RnnModel model, Embedding embedding) {
    return new ScoringPass(Preflight.plan(schema, in, out, run, model, embedding));
  }

  static ScoringPass of(PartitionPlan plan) {
    return new ScoringPass(plan);
  }

  /** The scored rows' schema: the id, the emitted columns, then the pass-through columns. */
  public StructType outputSchema() {
    return plan.output().schema();
  }

  /** The model and embedding as every executor receives them, broadcast once. */
  public static ModelBroadcast broadcast(SparkSession spark, RnnModel model, Embedding embedding) {
    return ModelBroadcast.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), new ScoringModel(model, embedding));
  }

  /** The scored rows of {@code input}, lazily; the scoring counts go to accumulators named {@code unroll.*}. */
  public Dataset<Row> score(Dataset<Row> input, ModelBroadcast model) {
    JavaRDD<InternalRow> scored =
        scoredRows(input, model, ScoringMetrics.register(input.sparkSession().sparkContext()));
    return Catalyst.dataFrame(input.sparkSession(), scored.rdd(), plan.output().schema());
  }

  /** The scored rows of {@code input} as Spark's internal rows, in the order of {@link #outputSchema}. */
  JavaRDD<InternalRow> scoredRows(Dataset<Row> input, ModelBroadcast model, ScoringMetrics metrics) {
    Dataset<Row> selected = input.select(plan.input().selection());
    ScorePartition score = new ScorePartition(model, plan, metrics);
    ColumnarInput read = ColumnarInput.of(selected);
    if (read.columnar()) {
      LOG.info("reading the input as column batches of {}", read.scanName());
      return read.batches().toJavaRDD().mapPartitions(new ScoreBatches(score, read.columns()));
    }
    LOG.info("reading the input as rows: {}", read.reason());
    return Catalyst.internalRows(selected).toJavaRDD().mapPartitions(score);
  }
}
