package dev.unroll.report;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows finished over wall-clock time, in buckets aligned on multiples of their width since the epoch,
 * so timelines from different tasks line up and merge. A window's rows are spread evenly over the time
 * it took. When a timeline holds more than {@link #MAX_BUCKETS} buckets it doubles their width, so its
 * size stays bounded however long the run.
 */
public final class Timeline implements Serializable {
  private static final long serialVersionUID = 1L;
  static final long BASE_WIDTH_MILLIS = 100;
  public static final int MAX_BUCKETS = 200;

  private long width = BASE_WIDTH_MILLIS;
  private final TreeMap<Long, Double> rows = new TreeMap<>();

  /** Counts {@code count} rows done evenly between {@code fromMillis} and {@code toMillis}. */
  public void add(long fromMillis, long toMillis, long count) {
    if (count == 0) {
      return;
    }
    long to = Math.max(toMillis, fromMillis + 1);
    double perMilli = (double) count / (to - fromMillis);
    for (long start = fromMillis; start < to; ) {
      long bucket = Math.floorDiv(start, width);
      long end = Math.min(to, (bucket + 1) * width);
      rows.merge(bucket, perMilli * (end - start), Double::sum);
      start = end;
    }
    shrink();
  }

  public void merge(Timeline other) {
    Timeline coarse = other;
    if (other.width < width) {
      coarse = other.copy();
      coarse.widen(width);
    } else if (other.width > width) {
      widen(other.width);
    }
    coarse.rows.forEach((bucket, n) -> rows.merge(bucket, n, Double::sum));
    shrink();
  }

  private Timeline copy() {
    Timeline t = new Timeline();
    t.width = width;
    t.rows.putAll(rows);
    return t;
  }

  private void shrink() {
    while (rows.size() > MAX_BUCKETS) {
      widen(width * 2);
    }
  }

  private void widen(long newWidth) {
    TreeMap<Long, Double> old = new TreeMap<>(rows);
    rows.clear();
    old.forEach((bucket, n) -> rows.merge(Math.floorDiv(bucket * width, newWidth), n, Double::sum));
    width = newWidth;
  }

  public long widthMillis() {
    return width;
  }

  /** Rows per bucket, keyed by the bucket's start in epoch milliseconds. */
  public Map<Long, Double> rowsByStart() {
    Map<Long, Double> byStart = new TreeMap<>();
    rows.forEach((bucket, n) -> byStart.put(bucket * width, n));
    return byStart;
  }

  static Timeline of(long width, Map<Long, Double> byStart) {
    Timeline t = new Timeline();
    t.width = width;
    byStart.forEach((start, n) -> t.rows.put(Math.floorDiv(start, width), n));
    return t;
  }
}
