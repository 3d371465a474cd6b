package dev.unroll.weights;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * A file (or folder) that weights are read from. Loaders reach bytes only through this interface, so
 * {@code dev.unroll.hadoop} can implement it over Hadoop file systems ({@code hdfs://}, {@code s3a://})
 * while the loaders import nothing from Hadoop; {@link LocalWeightSource} is the local implementation.
 *
 * <p>{@link #sibling} and {@link #child} reach the other files of a format (checkpoint shards, a
 * SavedModel's {@code variables/} folder, ONNX external data). They must refuse names that escape the
 * folder; {@link #checkRelativePath} is the one check every implementation applies.
 */
public interface WeightSource {

  /** The URI or path as the user gave it, for messages and provenance. */
  String describe();

  /** The last path component, e.g. {@code model.ckpt-1000.index}. */
  String fileName();

  boolean exists() throws IOException;

  boolean isDirectory() throws IOException;

  /** Size in bytes of a file. */
  long size() throws IOException;

  /** A channel over the file's bytes; the caller closes it. */
  SeekableByteChannel open() throws IOException;

  /** The file {@code fileName} in the same folder as this one; {@code fileName} is one component. */
  WeightSource sibling(String fileName) throws IOException;

  /** The file at {@code relativePath} ({@code /}-separated components) inside this folder. */
  WeightSource child(String relativePath) throws IOException;

  /**
   * Checks that {@code path} names something inside a folder: relative, no empty, {@code .} or
   * {@code ..} components, no backslash, colon or NUL. With {@code singleComponent}, no {@code /}
   * either.
   *
   * @return {@code path}, unchanged
   * @throws IllegalArgumentException naming the path and the rule it breaks
   */
  static String checkRelativePath(String path, boolean singleComponent) {
    String problem = null;
    if (path == null || path.isEmpty()) {
      problem = "it is empty";
    } else if (path.startsWith("/")) {
      problem = "it is absolute";
    } else if (path.indexOf('\\') >= 0 || path.indexOf(':') >= 0 || path.indexOf('\0') >= 0) {
      problem = "it contains a backslash, colon or NUL";
    } else if (singleComponent && path.indexOf('/') >= 0) {
      problem = "it has more than one path component";
    } else {
      for (String part : path.split("/", -1)) {
        if (part.isEmpty() || part.equals(".") || part.equals("..")) {
          problem = "it has a '" + part + "' component";
          break;
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "refusing file name '" + path + "': " + problem + " (only names inside the model's folder are allowed)");
    }
    return path;
  }
}
