package dev.unroll.spark.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Spark line this jar was built for, as the build recorded it in {@code dev/unroll/spark-line.properties}:
 * messages that name a Spark-line-specific package (Delta Lake's) name the one for this line.
 */
record SparkLine(String line, String scala, String delta) {
  private static final String RESOURCE = "/dev/unroll/spark-line.properties";

  static SparkLine ofThisJar() {
    Properties p = new Properties();
    try (InputStream in = SparkLine.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the job jar: build it with Maven");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
    }
    return new SparkLine(p.getProperty("spark.line"), p.getProperty("scala.binary.version"),
        p.getProperty("delta.version"));
  }

  /** The {@code --packages} coordinates of Delta Lake for this line, or a placeholder saying none is built yet. */
  String deltaPackage() {
    String version = "none".equals(delta) ? "<a Delta Lake release built for Spark " + line + "; none is yet>" : delta;
    return "io.delta:delta-spark_" + scala + ":" + version;
  }
}
