package dev.unroll.spark.publish;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark's {@code noop} sink, which runs the whole job and stores nothing (to measure reading and scoring
 * alone): there is nothing to stage or publish, and the sink accepts no mode but append or overwrite.
 */
final class NoopRunOutput implements RunOutput {
  static final String FORMAT = "noop";

  @Override
  public void write(Dataset<Row> data) {
    data.write().format(FORMAT).mode("overwrite").save();
  }

  @Override
  public void discard() {}

  @Override
  public long publish(long rows, Map<String, String> files) {
    return -1;
  }

  @Override
  public void close() {}
}
