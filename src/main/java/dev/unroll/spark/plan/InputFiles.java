package dev.unroll.spark.plan;

import dev.unroll.hadoop.FileWalk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the input path holds, looked at before Spark reads it: a folder with no data files, or files
 * whose first bytes say they are in another format than {@code --input-format}, would otherwise fail
 * deep inside Spark with a stack trace. Only parquet, orc and json are recognised; other sources are
 * left to Spark.
 */
final class InputFiles {
  private InputFiles() {}

  /** Files Spark's file sources skip: metadata and hidden files ({@code _SUCCESS}, {@code .crc}). */
  private static boolean hidden(Path p) {
    String name = p.getName();
    return name.startsWith("_") || name.startsWith(".");
  }

  /** The input's first data files in listing order (at most {@link #FIRST}), and whether that is all of them. */
  record First(List<Path> files, boolean all) {}

  /** Data files {@link #check} hands on: enough for pre-flight's sample of the first rows. */
  static final int FIRST = 4;

  /**
   * Fails when {@code path} (a file, folder or glob) holds no data file, or when its first data file is
   * recognisably not {@code format}; returns the first data files.
   */
  static First check(Configuration hadoop, String path, String format) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoop);
      List<String> skipped = new ArrayList<>();
      List<Path> files = firstDataFiles(fs, fs.globStatus(p), skipped);
      if (files.isEmpty()) {
        throw new PreflightException("--input " + path + " holds no data files ("
            + (skipped.isEmpty() ? "it is empty" : "only " + String.join(", ", skipped)) + "): check --input");
      }
      Path first = files.get(0);
      String found = sniff(fs, first);
      if (found != null && isRecognised(format) && !found.equals(format)) {
        throw new PreflightException("--input " + path + " holds " + found + " files (" + first.getName()
            + " is " + found + "), not " + format + ": set --input-format " + found);
      }
      boolean all = files.size() <= FIRST;
      return new First(all ? files : files.subList(0, FIRST), all);
    } catch (IOException e) {
      throw new PreflightException("cannot list --input " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isRecognised(String format) {
    return format.equals("parquet") || format.equals("orc") || format.equals("json");
  }

  /** Up to {@link #FIRST} + 1 data files, so that the caller knows whether there are more. */
  private static List<Path> firstDataFiles(FileSystem fs, FileStatus[] roots, List<String> skipped)
      throws IOException {
    List<Path> found = new ArrayList<>();
    if (roots == null) {
      return found;
    }
    for (FileStatus root : roots) {
      if (root.isFile()) {
        found.add(root.getPath());
      } else {
        FileWalk.files(fs, root.getPath(), status -> {
          Path f = status.getPath();
          if (hidden(f) || hiddenFolder(root.getPath(), f)) {
            if (skipped.size() < 5) {
              skipped.add(f.getName());
            }
          } else {
            found.add(f);
          }
          return found.size() <= FIRST;
        });
      }
      if (found.size() > FIRST) {
        break;
      }
    }
    return found;
  }

  /** Whether a folder between {@code root} and {@code file} is hidden (e.g. {@code _temporary}). */
  private static boolean hiddenFolder(Path root, Path file) {
    for (Path p = file.getParent(); p != null && !p.equals(root) && p.depth() > root.depth(); p = p.getParent()) {
      if (hidden(p)) {
        return true;
      }
    }
    return false;
  }

  /** parquet, orc or json from the file's first bytes; null when they say none of these. */
  private static String sniff(FileSystem fs, Path file) throws IOException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = fs.open(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    String start = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    if (start.startsWith("PAR1")) {
      return "parquet";
    }
    if (start.startsWith("ORC")) {
      return "orc";
    }
    String trimmed = start.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return "json";
    }
    return null;
  }
}
