package dev.unroll.spark.partition;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * The two doors into Spark's internal rows, which let the job read and write columns without a
 * {@code Row} object and without boxing a float. Both live on the classic (non-Connect) session in
 * Spark 4; the job runs where the data is, so it always has one.
 */
public final class Catalyst {
  private Catalyst() {}

  /** The rows of {@code df} as Spark's executed plan produces them (the row object may be reused). */
  public static RDD<InternalRow> internalRows(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().toRdd();
  }

  /** A DataFrame over internal rows that match {@code schema}. */
  public static Dataset<Row> dataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows, schema, false);
  }
}
