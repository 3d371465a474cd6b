package dev.unroll.spark.publish;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The names one run uses beside its destination {@code <parent>/<name>}, all hidden (a leading dot) so
 * that readers of the parent folder skip them, and all in the same folder as the destination, so each
 * move is a rename within one file system:
 *
 * <ul>
 *   <li>{@code .<name>.unroll-staging-<run>}: where the run's Spark job writes;
 *   <li>{@code .<name>.unroll-old-<run>}: what a publish replaces, kept until the publish is complete;
 *   <li>{@code .<name>.unroll-journal-<run>}: the items a publish moves, written before the first move;
 *   <li>{@code .<name>.unroll-committed-<run>}: written once every item is in place.
 * </ul>
 */
record RunFolders(Path destination, String runId) {
  enum Kind {
    STAGING,
    OLD,
    JOURNAL,
    COMMITTED
  }

  Path staging() {
    return of(Kind.STAGING);
  }

  Path old() {
    return of(Kind.OLD);
  }

  Path journal() {
    return of(Kind.JOURNAL);
  }

  Path committed() {
    return of(Kind.COMMITTED);
  }

  private Path of(Kind kind) {
    return new Path(destination.getParent(), prefix(destination) + kind.name().toLowerCase(java.util.Locale.ROOT)
        + "-" + runId);
  }

  /** What every name of every run for {@code destination} starts with. */
  static String prefix(Path destination) {
    return "." + destination.getName() + ".unroll-";
  }

  /** The kind and run of a name beside {@code destination}, or null when it is not one of ours. */
  static Named parse(Path destination, String name) {
    String prefix = prefix(destination);
    if (!name.startsWith(prefix)) {
      return null;
    }
    Matcher m = KIND_AND_RUN.matcher(name.substring(prefix.length()));
    return m.matches() ? new Named(Kind.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)), m.group(2)) : null;
  }

  record Named(Kind kind, String runId) {}

  private static final Pattern KIND_AND_RUN = Pattern.compile("(staging|old|journal|committed)-([A-Za-z0-9_-]+)");
}
