package dev.unroll.hadoop;

import java.io.IOException;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files under a folder, depth first in listing order, as {@link FileSystem#listFiles} lists them but
 * without the permissions it reads of each: Hadoop's local file system without its native library runs
 * {@code ls -ld} as a child process for every file whose permission is read (measured: 165 of them, 2.4 s,
 * for one publish of 80 output files).
 */
public final class FileWalk {
  private FileWalk() {}

  /**
   * Calls {@code visit} with each file under folder {@code dir}; stops as soon as it returns false.
   *
   * @return false when {@code visit} stopped the walk
   */
  public static boolean files(FileSystem fs, Path dir, Predicate<FileStatus> visit) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isDirectory()) {
        if (!files(fs, s.getPath(), visit)) {
          return false;
        }
      } else if (!visit.test(s)) {
        return false;
      }
    }
    return true;
  }
}
