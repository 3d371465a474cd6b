package dev.unroll.report;

import java.io.Serializable;

/**
 * One scoring task: its partition, the executor it ran on, when it started and ended (epoch
 * milliseconds), the nanoseconds it spent reading and scoring (the rest of its time is writing: building
 * output rows and Spark encoding and writing them), and the rows it read.
 */
public record TaskTiming(int partition, String executor, long startMillis, long endMillis, long readNanos,
    long scoreNanos, long rows) implements Serializable {

  public double seconds() {
    return (endMillis - startMillis) / 1e3;
  }

  public double readSeconds() {
    return readNanos / 1e9;
  }

  public double scoreSeconds() {
    return scoreNanos / 1e9;
  }

  /** What the task did besides reading and scoring. */
  public double writeSeconds() {
    return Math.max(0, seconds() - readSeconds() - scoreSeconds());
  }
}
