package dev.unroll.cli;

import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.WeightSource;
import java.net.URI;
import java.nio.file.Path;

/**
 * Files that {@code inspect} and {@code verify} read on this machine: a plain path or a {@code file:}
 * URI. Other file systems ({@code hdfs://}, {@code s3a://}) are read by the Spark job only.
 */
final class LocalPaths {
  private LocalPaths() {}

  /** @throws IllegalArgumentException naming {@code flag} and the path when it is not a local file */
  static WeightSource source(String flag, String path) {
    if (path.startsWith("file:")) {
      return LocalWeightSource.of(Path.of(URI.create(path)));
    }
    if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException(
          flag + " " + path + ": only local files are read here; copy it to this machine first");
    }
    return LocalWeightSource.of(Path.of(path));
  }
}
