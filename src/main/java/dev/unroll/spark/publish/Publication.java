package dev.unroll.spark.publish;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a run's staged items into its destination, and undoes or finishes a move that was cut short.
 * An item is a path relative to the staging folder ({@code ""} for the whole folder): a partition
 * folder, or a file. Each item is moved in two renames: what the destination holds at that path (if
 * anything) to the run's {@code old} folder, then the staged item into place. The journal, written
 * before the first rename, and the committed marker, written after the last, say which way an
 * interrupted publish must be completed.
 */
final class Publication {
  private static final String HEADER = "unroll publish journal v1";

  private final FileSystem fs;
  private final RunFolders run;

  Publication(FileSystem fs, RunFolders run) {
    this.fs = fs;
    this.run = run;
  }

  /** Moves every item into place; on a failure, puts back what it had moved and rethrows. */
  void publish(List<String> items) throws IOException {
    writeJournal(items);
    try {
      for (String item : items) {
        Path target = at(run.destination(), item);
        if (fs.exists(target)) {
          rename(target, at(run.old(), item));
        }
        rename(at(run.staging(), item), target);
      }
      fs.create(run.committed(), false).close();
    } catch (IOException | RuntimeException e) {
      try {
        undo();
      } catch (IOException | RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    finish();
  }

  /** Whether the publish got as far as its committed marker (then it is finished, not undone). */
  boolean committed() throws IOException {
    return fs.exists(run.committed());
  }

  /** Deletes what a committed publish keeps until the end: the replaced items, the journal, the marker. */
  void finish() throws IOException {
    fs.delete(run.old(), true);
    fs.delete(run.staging(), true);
    fs.delete(run.journal(), false);
    fs.delete(run.committed(), false);
  }

  /**
   * Puts the destination back as it was before the publish: every item that was moved in is deleted
   * and what it replaced is moved back. Items not yet moved are still in the staging folder.
   */
  void undo() throws IOException {
    List<String> items = fs.exists(run.journal()) ? readJournal() : List.of();
    for (int i = items.size() - 1; i >= 0; i--) {
      String item = items.get(i);
      Path target = at(run.destination(), item);
      boolean movedIn = !fs.exists(at(run.staging(), item)) && fs.exists(target);
      if (movedIn) {
        fs.delete(target, true);
      }
      Path old = at(run.old(), item);
      if (fs.exists(old)) {
        rename(old, target);
      }
    }
    fs.delete(run.old(), true);
    fs.delete(run.staging(), true);
    fs.delete(run.journal(), false);
  }

  private void rename(Path from, Path to) throws IOException {
    Path parent = to.getParent();
    if (parent != null && !fs.exists(parent)) {
      fs.mkdirs(parent);
    }
    if (!fs.rename(from, to)) {
      throw new IOException("could not move " + from + " to " + to);
    }
  }

  static Path at(Path root, String item) {
    return item.isEmpty() ? root : new Path(root, item);
  }

  private void writeJournal(List<String> items) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (String item : items) {
      text.append(item.isEmpty() ? "." : item).append('\n');
    }
    try (OutputStream out = fs.create(run.journal(), false)) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  List<String> readJournal() throws IOException {
    List<String> items = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(run.journal()), StandardCharsets.UTF_8))) {
      String header = in.readLine();
      if (header == null) {
        return items; // cut short while being written: no item had been moved yet
      }
      if (!HEADER.equals(header)) {
        throw new IOException(run.journal() + " is not an unroll publish journal (first line: " + header + ")");
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        items.add(line.equals(".") ? "" : line);
      }
    }
    return items;
  }
}
