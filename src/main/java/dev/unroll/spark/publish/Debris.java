package dev.unroll.spark.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What runs that died (a killed driver, a lost node) left at or beside an output, found before any work:
 * unroll's own staging, journal and kept-aside folders of other runs, and a {@code _temporary} folder in
 * the destination, the mark of a Spark job that wrote there directly and never committed (whose task
 * files a later append would sweep in: SPARK-29037). Cleaning deletes what was never published and
 * completes an interrupted publish the way its journal says: undone if it had not committed, finished
 * if it had.
 */
public final class Debris {
  /** Spark's FileOutputCommitter's working folder inside a destination. */
  static final String SPARK_TEMPORARY = "_temporary";

  private final FileSystem fs;
  private final Path destination;
  private final Map<String, Set<RunFolders.Kind>> runs;
  private final boolean sparkTemporary;

  private Debris(FileSystem fs, Path destination, Map<String, Set<RunFolders.Kind>> runs, boolean sparkTemporary) {
    this.fs = fs;
    this.destination = destination;
    this.runs = runs;
    this.sparkTemporary = sparkTemporary;
  }

  /** Looks beside and inside {@code destination} (which need not exist). */
  public static Debris find(Configuration conf, String destination) throws IOException {
    Path given = new Path(destination);
    FileSystem fs = given.getFileSystem(conf);
    Path dest = fs.makeQualified(given);
    Map<String, Set<RunFolders.Kind>> runs = new TreeMap<>();
    Path parent = dest.getParent();
    if (parent != null && fs.exists(parent)) {
      for (FileStatus s : fs.listStatus(parent)) {
        RunFolders.Named named = RunFolders.parse(dest, s.getPath().getName());
        if (named != null) {
          runs.computeIfAbsent(named.runId(), k -> EnumSet.noneOf(RunFolders.Kind.class)).add(named.kind());
        }
      }
    }
    boolean temporary = fs.exists(new Path(dest, SPARK_TEMPORARY));
    return new Debris(fs, dest, runs, temporary);
  }

  public boolean isEmpty() {
    return runs.isEmpty() && !sparkTemporary;
  }

  /** One phrase per thing found, naming its path and what it is. */
  public List<String> describe() {
    List<String> found = new ArrayList<>();
    runs.forEach((runId, kinds) -> {
      RunFolders run = new RunFolders(destination, runId);
      if (kinds.contains(RunFolders.Kind.COMMITTED)) {
        found.add("run " + runId + " published but did not finish tidying up (" + run.old() + ")");
      } else if (kinds.contains(RunFolders.Kind.JOURNAL)) {
        found.add("run " + runId + " was interrupted while publishing (journal " + run.journal()
            + "; the output may be part old, part new until it is undone)");
      } else if (kinds.contains(RunFolders.Kind.STAGING)) {
        found.add("run " + runId + " never published; its staged files are in " + run.staging()
            + " (a killed run, or one still running)");
      } else {
        found.add("run " + runId + " left " + run.old());
      }
    });
    if (sparkTemporary) {
      found.add(new Path(destination, SPARK_TEMPORARY) + " holds the task files of a Spark job that wrote there"
          + " directly and never committed (a killed driver); an append would add them to the output");
    }
    return found;
  }

  /**
   * Removes everything found: unpublished staging and Spark's temporary folder are deleted; an
   * interrupted publish is undone (the destination goes back to what it held before it) or, when it
   * had committed, finished.
   */
  public void clean() throws IOException {
    for (String runId : runs.keySet()) {
      Publication publication = new Publication(fs, new RunFolders(destination, runId));
      if (publication.committed()) {
        publication.finish();
      } else {
        publication.undo();
      }
    }
    if (sparkTemporary) {
      fs.delete(new Path(destination, SPARK_TEMPORARY), true);
      if (fs.listStatus(destination).length == 0) {
        fs.delete(destination, false); // the dead job made the folder and never wrote anything else
      }
    }
  }
}
