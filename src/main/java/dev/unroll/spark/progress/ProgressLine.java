package dev.unroll.spark.progress;

import java.util.Locale;

/**
 * The words of a progress line, e.g. {@code 1,250,000 of 4,000,000 rows (31.3%), 52,310 sequences/s,
 * 0:24 elapsed, ETA 0:53, tasks 9 of 32 done, 2 running}. Without a row count from the input's footers,
 * the share of the input's bytes read stands in for the percentage; without either there is no ETA.
 */
final class ProgressLine {
  private ProgressLine() {}

  static String format(Progress p) {
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "%,d", p.rows()));
    if (p.rowsTotal() >= 0) {
      line.append(String.format(Locale.ROOT, " of %,d rows (%s)", p.rowsTotal(), percent(p.rows(), p.rowsTotal())));
    } else if (p.bytesTotal() >= 0) {
      line.append(String.format(Locale.ROOT, " rows (%s of %s of input read)", percent(p.bytes(), p.bytesTotal()),
          bytes(p.bytesTotal())));
    } else {
      line.append(" rows");
    }
    line.append(String.format(Locale.ROOT, ", %,.0f sequences/s, %s elapsed", p.rowsPerSecond(),
        duration(p.elapsedSeconds())));
    if (p.rowsTotal() >= 0 || p.bytesTotal() >= 0) {
      line.append(", ETA ").append(Double.isNaN(p.etaSeconds()) ? "unknown" : duration(p.etaSeconds()));
    }
    line.append(String.format(Locale.ROOT, ", tasks %d of %d done, %d running", p.tasksDone(), p.tasksTotal(),
        p.tasksRunning()));
    return line.toString();
  }

  /** One decimal, and never 100.0% before the last row: a rounded-up 99.96% would say the job is done. */
  private static String percent(long part, long whole) {
    if (whole == 0) {
      return "100.0%";
    }
    double pct = Math.floor(1000.0 * part / whole) / 10;
    return String.format(Locale.ROOT, "%.1f%%", pct);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  static String bytes(long n) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    double v = n;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
