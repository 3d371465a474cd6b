package dev.unroll.spark.parquet;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Parquet file format, unchanged: the Spark 3.5 side of the seam whose Spark 4 side writes
 * values straight into parquet-mr's column writers. The option {@value #WRITER} is accepted and has
 * nothing to choose here.
 */
public class DirectParquetFormat extends ParquetFileFormat {
  private static final long serialVersionUID = 1L;

  /** Write option choosing the writer on the Spark 4 lines: {@code direct} (the default) or {@code spark}. */
  public static final String WRITER = "unroll.parquet.writer";

  /** Write option of the Spark 4 lines' direct writer (float columns a page at a time); nothing to choose here. */
  public static final String FLOAT_PAGES = "unroll.parquet.float.pages";

  /** Whether this Spark line has the direct writer (the Spark 4 lines; 3.5 keeps Spark's). */
  public static final boolean AVAILABLE = false;

  /** Whether the direct writer would write this schema: never on this line. */
  static boolean direct(Configuration conf, StructType schema) {
    return false;
  }
}
