package dev.unroll.spark.publish;

import dev.unroll.hadoop.FileWalk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The files of a folder that readers read: Spark skips names starting with {@code _} or {@code .}. */
final class DataFiles {
  private DataFiles() {}

  static boolean isData(Path file) {
    String name = file.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** Adds the data files at or under {@code path} (a file or a folder) to {@code out}. */
  static void collect(FileSystem fs, Path path, List<Path> out) throws IOException {
    if (!fs.exists(path)) {
      return;
    }
    for (FileStatus f : allFiles(fs, path)) {
      if (isData(f.getPath()) && !hiddenFolderBetween(path, f.getPath())) {
        out.add(f.getPath());
      }
    }
  }

  /** Every file at or under {@code path}. */
  static List<FileStatus> allFiles(FileSystem fs, Path path) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    FileStatus status = fs.getFileStatus(path);
    if (!status.isDirectory()) {
      files.add(status);
      return files;
    }
    FileWalk.files(fs, path, files::add);
    return files;
  }

  /** Whether a folder between {@code root} and {@code file} is hidden (e.g. {@code _temporary}). */
  private static boolean hiddenFolderBetween(Path root, Path file) {
    String rootDepthPath = root.toUri().getPath();
    for (Path p = file.getParent(); p != null && p.toUri().getPath().length() > rootDepthPath.length();
        p = p.getParent()) {
      if (!isData(p)) {
        return true;
      }
    }
    return false;
  }
}
