package dev.unroll.spark;

import dev.unroll.config.JobConfig;
import dev.unroll.config.RejectLimit;
import dev.unroll.config.WriteMode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * {@code --max-rejected} after the scoring pass: a run that rejected more rows than the limit allows
 * has scored the wrong data or model, so it takes back what it wrote and fails. Made before the write
 * ({@link #before}), since taking back an append means knowing which files were there already.
 */
final class RejectCheck {
  private final Configuration hadoop;
  private final JobConfig config;
  private final Path output;
  /** The output's files before the write, when the write adds to an existing output; else null. */
  private final Set<Path> existing;
  private final boolean existed;

  private RejectCheck(Configuration hadoop, JobConfig config, boolean existed, Set<Path> existing) {
    this.hadoop = hadoop;
    this.config = config;
    this.output = new Path(config.output().path());
    this.existed = existed;
    this.existing = existing;
  }

  static RejectCheck before(Configuration hadoop, JobConfig config) {
    Path out = new Path(config.output().path());
    try {
      FileSystem fs = out.getFileSystem(hadoop);
      boolean existed = fs.exists(out);
      boolean keepsOld = config.output().mode() == WriteMode.APPEND || config.output().dynamicPartitionOverwrite();
      return new RejectCheck(hadoop, config, existed, existed && keepsOld ? files(fs, out) : null);
    } catch (IOException e) {
      throw new PreflightException("cannot list --output " + out + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails, after removing what this run wrote, when {@code rejected} of {@code read} rows is over
   * the limit.
   *
   * @throws RejectedRowsException saying how many rows were rejected, the limit, and what to do
   */
  void afterWrite(long read, long rejected) {
    RejectLimit limit = config.run().maxRejected();
    if (!limit.exceededBy(read, rejected)) {
      return;
    }
    String undone = undo();
    throw new RejectedRowsException("the job rejected " + rejected + " of " + read + " rows under --bad-rows "
        + config.run().badRows().name().toLowerCase(Locale.ROOT) + ", more than --max-rejected allows ("
        + limit.describe() + ": " + limit.allowed(read) + "); " + undone + ". Check that the input and the "
        + "model belong together (--bad-rows quarantine says why each row was rejected), or raise --max-rejected");
  }

  private String undo() {
    try {
      FileSystem fs = output.getFileSystem(hadoop);
      if (existing == null) {
        fs.delete(output, true);
        return existed ? "nothing was kept (--mode overwrite had already removed the old " + output + ")"
            : "nothing was written";
      }
      for (Path p : files(fs, output)) {
        if (!existing.contains(p)) {
          fs.delete(p, false);
        }
      }
      return "the files this run added to " + output + " were removed"
          + (config.output().dynamicPartitionOverwrite() ? " (the partitions it replaced are gone)" : "");
    } catch (IOException e) {
      return "removing what it wrote to " + output + " failed (" + e.getMessage() + "): remove it by hand";
    }
  }

  private static Set<Path> files(FileSystem fs, Path root) throws IOException {
    Set<Path> files = new HashSet<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      files.add(it.next().getPath());
    }
    return files;
  }
}
