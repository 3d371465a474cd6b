package dev.unroll.spark.read;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Whether a columnar scan's batches are read by unroll's Parquet reader: on Spark 3.5 never (the reader
 * is built on Spark 4's scan classes; this line keeps Spark's vectorized reader).
 */
public record ScanChoice(RDD<ColumnarBatch> batches, String reason) {
  /** Spark's scan reads {@code scan}'s batches on this line. */
  public static ScanChoice of(SparkPlan scan) {
    return new ScanChoice(null, "unroll's Parquet reader needs Spark 4");
  }

  /** Whether unroll's reader reads the batches. */
  public boolean unroll() {
    return batches != null;
  }
}
