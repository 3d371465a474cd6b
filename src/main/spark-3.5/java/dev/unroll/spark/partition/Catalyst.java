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
 * The seam between unroll and Spark's internals, Spark 3.5 side (Scala 2.12 and 2.13); the Spark 4 side,
 * with the same methods, is in {@code src/main/spark-4/java}. In Spark 3.5 {@code Dataset} and
 * {@code SparkSession} are themselves the classic classes, so no cast is needed.
 */
public final class Catalyst {
  private Catalyst() {}

  /** The rows of {@code df} as Spark's executed plan produces them (the row object may be reused). */
  public static RDD<InternalRow> internalRows(Dataset<Row> df) {
    return df.queryExecution().toRdd();
  }

  /** The physical plan that {@link #internalRows} runs, for the read path to look into. */
  public static SparkPlan executedPlan(Dataset<Row> df) {
    return df.queryExecution().executedPlan();
  }

  /** A DataFrame over internal rows that match {@code schema}. */
  public static Dataset<Row> dataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return spark.internalCreateDataFrame(rows, schema, false);
  }

  /** A DataFrame over an analysed logical plan (a SQL table function's {@code TABLE} argument). */
  public static Dataset<Row> dataFrame(SparkSession spark, LogicalPlan plan) {
    return Dataset.ofRows(spark, plan);
  }

  /** The logical plan of {@code df}, what a SQL table function returns. */
  public static LogicalPlan logicalPlan(Dataset<Row> df) {
    return df.logicalPlan();
  }

  /** An analysis error with {@code message} alone (no error class), as Spark reports a wrong query. */
  public static AnalysisException analysisError(String message) {
    return new AnalysisException(message, Option.empty(), Option.empty(), Option.empty(), Option.empty(),
        scala.collection.immutable.Map$.MODULE$.empty(), new QueryContext[0]);
  }
}
