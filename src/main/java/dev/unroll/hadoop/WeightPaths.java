package dev.unroll.hadoop;

import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.WeightSource;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * Files that {@code inspect} and {@code verify} read: a plain path is a local file; a URI with a scheme
 * ({@code file:}, {@code hdfs://}, {@code s3a://}) goes through Hadoop's file systems, configured as on
 * this machine (HADOOP_CONF_DIR, core-site.xml), as the score command reads its weights.
 */
public final class WeightPaths {
  private WeightPaths() {}

  public static WeightSource source(String path) {
    WeightSource local = localFile(path);
    return local != null ? local : HadoopWeightSource.of(path, new Configuration());
  }

  /** {@code path} as a local file when it is a plain path, not a URI with a scheme; else null. */
  public static LocalWeightSource localFile(String path) {
    if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !path.matches("^[A-Za-z]:[\\\\/].*")) {
      return null;
    }
    return LocalWeightSource.of(Path.of(path));
  }
}
