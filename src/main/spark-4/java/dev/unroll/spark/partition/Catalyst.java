package dev.unroll.spark.partition;

import org.apache.spark.QueryContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The seam between unroll and Spark's internals, Spark 4 side (4.0, 4.1, 4.2; the Spark 3.5 side is in
 * {@code src/main/spark-3.5/java}, the pom's profile picks one). Every call unroll makes into an API
 * that differs between Spark lines goes through this class, and nothing else in unroll names those APIs:
 * a new internal call is added here, on both sides.
 *
 * <p>The doors into Spark's internal rows let the job read and write columns without a {@code Row} object
 * and without boxing a float. In Spark 4 they live on the classic (non-Connect) session; the job runs
 * where the data is, so it always has one.
 */
public final class Catalyst {
  private Catalyst() {}

  /** The rows of {@code df} as Spark's executed plan produces them (the row object may be reused). */
  public static RDD<InternalRow> internalRows(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().toRdd();
  }

  /** The physical plan that {@link #internalRows} runs, for the read path to look into. */
  public static SparkPlan executedPlan(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().executedPlan();
  }

  /** A DataFrame over internal rows that match {@code schema}. */
  public static Dataset<Row> dataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows, schema, false);
  }

  /** A DataFrame over an analysed logical plan (a SQL table function's {@code TABLE} argument). */
  public static Dataset<Row> dataFrame(SparkSession spark, LogicalPlan plan) {
    return org.apache.spark.sql.classic.Dataset.ofRows((org.apache.spark.sql.classic.SparkSession) spark, plan);
  }

  /** The logical plan of {@code df}, what a SQL table function returns. */
  public static LogicalPlan logicalPlan(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).logicalPlan();
  }

  /** An analysis error with {@code message} alone (no error class), as Spark reports a wrong query. */
  public static AnalysisException analysisError(String message) {
    return new AnalysisException(message, Option.empty(), Option.empty(), Option.empty(), Option.empty(),
        scala.collection.immutable.Map$.MODULE$.empty(), new QueryContext[0]);
  }
}
