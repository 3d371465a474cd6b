package dev.unroll.spark.progress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Turns the counts seen at each tick into what a progress line shows: the counts never lower than shown
 * before, the rate over a sliding window, the time left, and the samples a report charts.
 */
final class ProgressMeter {
  /**
   * The rate is taken over this many seconds: five 2-second heartbeats (the interval the job sets), so the
   * step-wise counts heartbeats bring give the same rate whichever tick it is read at, and the rate
   * follows a slowdown within seconds rather than averaging the whole run.
   */
  static final double WINDOW_SECONDS = 10;

  private record Point(double seconds, long rows, long bytes) {}

  private final Deque<Point> window = new ArrayDeque<>();
  private final List<ProgressSample> samples = new ArrayList<>();
  private long rows;
  private long bytes;

  /**
   * The progress at {@code seconds} after the job started.
   *
   * <p>The counts shown are the largest seen so far. A count falls only when an attempt fails (an
   * executor lost, a task killed) and its rows are dropped until the retry reads them again. Those rows
   * were read, and the job's final count holds every row exactly once, which is at least any count seen
   * while it ran (see {@link TaskCounts}); so the largest count seen is still no more than the rows the job
   * reads, and showing it says no more than the truth, while the rate does not go negative.
   */
  synchronized Progress next(double seconds, TaskCounts.Snapshot seen, InputTotal total) {
    rows = Math.max(rows, seen.done().rows());
    bytes = Math.max(bytes, seen.done().bytes());
    Point now = new Point(seconds, rows, bytes);
    window.addLast(now);
    // keep one point at least WINDOW_SECONDS old as the rate's start
    while (window.size() > 2 && secondOldest().seconds() <= seconds - WINDOW_SECONDS) {
      window.removeFirst();
    }
    samples.add(new ProgressSample(seconds, rows));
    Point from = window.peekFirst();
    double span = now.seconds() - from.seconds();
    double rowRate = span > 0 ? (now.rows() - from.rows()) / span : 0;
    double byteRate = span > 0 ? (now.bytes() - from.bytes()) / span : 0;
    long rowsTotal = total.rows() < 0 ? -1 : Math.max(total.rows(), rows);
    long bytesTotal = total.bytes() < 0 ? -1 : Math.max(total.bytes(), bytes);
    double eta = Double.NaN;
    if (rowsTotal >= 0) {
      eta = left(rowsTotal - rows, rowRate);
    } else if (bytesTotal >= 0) {
      eta = left(bytesTotal - bytes, byteRate);
    }
    return new Progress(seconds, rows, rowsTotal, bytes, bytesTotal, rowRate, eta, seen.tasksDone(),
        seen.tasksTotal(), seen.tasksRunning());
  }

  private Point secondOldest() {
    Iterator<Point> points = window.iterator();
    points.next();
    return points.next();
  }

  private static double left(long remaining, double rate) {
    if (remaining <= 0) {
      return 0;
    }
    return rate > 0 ? remaining / rate : Double.NaN;
  }

  /** Every sample so far, oldest first. */
  synchronized List<ProgressSample> samples() {
    return List.copyOf(samples);
  }
}
