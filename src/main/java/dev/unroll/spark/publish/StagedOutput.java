package dev.unroll.spark.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One output of one run: written into a hidden staging folder beside the destination, then published
 * in one of three ways, or discarded. Until {@link #publish} nothing is visible at the destination; a
 * run that fails, is interrupted (Ctrl-C, SIGTERM: a shutdown hook) or is closed unpublished deletes its
 * staging folder, after stopping the tasks that write there so none can recreate it.
 */
public final class StagedOutput implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StagedOutput.class);

  /**
   * Runs before Spark's own shutdown hook (priority 40 in Hadoop's manager, which stops the
   * SparkContext) so the run's tasks can still be cancelled, and before file systems close (10).
   */
  static final int SHUTDOWN_PRIORITY = 50;

  /** How the staged folder reaches the destination. */
  public enum Publish {
    /** The whole folder replaces the destination (absent in error mode; kept aside until the move in overwrite). */
    WHOLE,
    /** Each staged partition folder replaces the one of the same path; other partitions stay. */
    PARTITIONS,
    /** Each staged file is added (their names are unique to the run); root files like {@code _SUCCESS} replace. */
    FILES
  }

  private enum State {
    WRITING,
    PUBLISHED,
    DISCARDED
  }

  private final FileSystem fs;
  private final RunFolders run;
  private final Runnable stopWriters;
  private final Runnable hook = this::interrupted;
  private State state = State.WRITING;

  private StagedOutput(FileSystem fs, RunFolders run, Runnable stopWriters) {
    this.fs = fs;
    this.run = run;
    this.stopWriters = stopWriters;
  }

  /**
   * Starts staging an output for {@code destination}; nothing is created until the job writes.
   *
   * @param stopWriters cancels the run's Spark jobs and waits until their tasks have ended
   */
  public static StagedOutput begin(Configuration conf, String destination, String runId, Runnable stopWriters)
      throws IOException {
    Path dest = new Path(destination);
    FileSystem fs = dest.getFileSystem(conf);
    StagedOutput out = new StagedOutput(fs, new RunFolders(fs.makeQualified(dest), runId), stopWriters);
    ShutdownHookManager.get().addShutdownHook(out.hook, SHUTDOWN_PRIORITY);
    return out;
  }

  /** Where the job writes: a folder that does not exist yet. */
  public String staging() {
    return run.staging().toString();
  }

  public String destination() {
    return run.destination().toString();
  }

  /** Data files (names not starting with {@code _} or {@code .}) now in the staging folder. */
  public List<Path> stagedDataFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    DataFiles.collect(fs, run.staging(), files);
    return files;
  }

  /**
   * Moves the staged output into place and returns the data files it published, at their new paths.
   *
   * @param partitionDepth how many {@code column=value} folder levels a partition has (for PARTITIONS)
   * @throws IOException when a move fails; what had been moved is put back first
   */
  public synchronized List<Path> publish(Publish how, int partitionDepth) throws IOException {
    if (state != State.WRITING) {
      throw new IllegalStateException("the output " + run.destination() + " was already " + state);
    }
    List<String> items = switch (how) {
      case WHOLE -> List.of("");
      case PARTITIONS -> partitionItems(partitionDepth);
      case FILES -> fileItems();
    };
    new Publication(fs, run).publish(items);
    state = State.PUBLISHED;
    List<Path> published = new ArrayList<>();
    for (String item : items) {
      DataFiles.collect(fs, Publication.at(run.destination(), item), published);
    }
    return published;
  }

  /** Deletes the staging folder once no task writes there any more. Idempotent. */
  public synchronized void discard() {
    if (state != State.WRITING) {
      return;
    }
    state = State.DISCARDED;
    stopWriters.run();
    try {
      fs.delete(run.staging(), true);
    } catch (IOException e) {
      LOG.warn("could not delete the staging folder {}: {}; delete it by hand", run.staging(), e.toString());
    }
  }

  /** Discards the output unless it was published, and forgets the shutdown hook. */
  @Override
  public void close() {
    discard();
    try {
      ShutdownHookManager.get().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs or has run
    }
  }

  /** The shutdown hook: a run stopped by a signal leaves nothing behind; a publish under way finishes first. */
  void interrupted() {
    if (state == State.WRITING) {
      LOG.warn("interrupted: discarding the unpublished output staged at {}", run.staging());
    }
    discard();
  }

  private List<String> fileItems() throws IOException {
    List<String> items = new ArrayList<>();
    String root = run.staging().toUri().getPath();
    for (FileStatus f : DataFiles.allFiles(fs, run.staging())) {
      items.add(f.getPath().toUri().getPath().substring(root.length() + 1));
    }
    return items;
  }

  /** The partition folders {@code depth} levels down, and the files at the top (_SUCCESS, the summary). */
  private List<String> partitionItems(int depth) throws IOException {
    List<String> items = new ArrayList<>();
    List<String> level = List.of("");
    for (int d = 0; d < depth; d++) {
      List<String> next = new ArrayList<>();
      for (String prefix : level) {
        for (FileStatus s : fs.listStatus(Publication.at(run.staging(), prefix))) {
          String name = s.getPath().getName();
          if (d == 0 && !s.isDirectory()) {
            items.add(name);
          } else if (s.isDirectory() && name.contains("=")) {
            next.add(prefix.isEmpty() ? name : prefix + "/" + name);
          }
        }
      }
      level = next;
    }
    items.addAll(level);
    return items;
  }
}
