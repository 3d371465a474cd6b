package dev.unroll.spark.parquet;

import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Parquet file format whose writes, for the schemas {@link FieldWriter} covers, go through
 * {@link DirectOutputWriter}: the scoring output's format (pass its class name to
 * {@code DataFrameWriter.format}). Spark's preparation of the write runs unchanged (codec, schema,
 * committer, options into the Hadoop configuration); only the per-file writer is swapped, so Spark's
 * file writing around it (commit protocol, partitions, file names) is the one every Parquet write uses.
 *
 * <p>Spark's own writer is kept where the direct one would not write the same file: other field types,
 * Spark's legacy Parquet format, Parquet modular encryption, and {@value #WRITER}={@code spark}.
 */
public class DirectParquetFormat extends ParquetFileFormat {
  private static final long serialVersionUID = 1L;

  /** Write option choosing the writer: {@code direct} (the default) or {@code spark}. */
  public static final String WRITER = "unroll.parquet.writer";

  /**
   * Write option: {@code true} (the default) writes float columns a page at a time ({@link FloatPages}),
   * {@code false} value by value through parquet-mr's column writers, as Spark's writer does.
   */
  public static final String FLOAT_PAGES = "unroll.parquet.float.pages";

  /** Whether this Spark line has the direct writer (the Spark 4 lines; 3.5 keeps Spark's). */
  public static final boolean AVAILABLE = true;

  @Override
  public OutputWriterFactory prepareWrite(SparkSession session, Job job,
      scala.collection.immutable.Map<String, String> options, StructType dataSchema) {
    OutputWriterFactory spark = super.prepareWrite(session, job, options, dataSchema);
    String writer = options.get(WRITER).getOrElse(() -> "direct").toLowerCase(Locale.ROOT);
    if (!writer.equals("direct") && !writer.equals("spark")) {
      throw new IllegalArgumentException("--output-options " + WRITER + " must be direct or spark, not " + writer);
    }
    return writer.equals("direct") && direct(job.getConfiguration(), dataSchema)
        ? new DirectWriterFactory(spark) : spark;
  }

  /** Whether the direct writer writes what Spark's would, for this schema and configuration. */
  static boolean direct(Configuration conf, StructType schema) {
    return FieldWriter.supports(schema)
        && !conf.getBoolean("spark.sql.parquet.writeLegacyFormat", false)
        && conf.get("parquet.crypto.factory.class") == null
        && conf.get("parquet.encryption.key.list") == null;
  }

  @Override
  public String toString() {
    return "Parquet (unroll's direct column writer)";
  }
}
