package dev.unroll.spark.parquet;

import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Makes the {@link DirectOutputWriter}s of a write; file names (and so the codec's extension) are
 * Spark's, asked of the factory Spark prepared for the same write.
 */
final class DirectWriterFactory extends OutputWriterFactory {
  private static final long serialVersionUID = 1L;

  private final OutputWriterFactory spark;

  DirectWriterFactory(OutputWriterFactory spark) {
    this.spark = spark;
  }

  @Override
  public String getFileExtension(TaskAttemptContext context) {
    return spark.getFileExtension(context);
  }

  @Override
  public OutputWriter newInstance(String path, StructType dataSchema, TaskAttemptContext context) {
    return new DirectOutputWriter(path, dataSchema, context.getConfiguration());
  }
}
