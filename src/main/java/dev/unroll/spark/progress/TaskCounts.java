package dev.unroll.spark.progress;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Rows and input bytes done and tasks done, from the scheduler's events: a running task attempt counts
 * what its last heartbeat said, a finished one what it ended with, and a failed or killed one nothing.
 *
 * <p>Each partition (stage and task index) counts once: its successful attempt's final value when it has
 * one, else the largest count among its running attempts (a speculative copy re-reads the same rows). So
 * at every moment the sum is at most the rows the job will have read when it ends. Thread-safe: the
 * listener bus writes, the reporter thread reads.
 */
final class TaskCounts {
  /** Rows and input bytes of one task attempt or of many. */
  record Counts(long rows, long bytes) {
    static final Counts ZERO = new Counts(0, 0);

    Counts plus(Counts o) {
      return new Counts(rows + o.rows, bytes + o.bytes);
    }

    Counts max(Counts o) {
      return new Counts(Math.max(rows, o.rows), Math.max(bytes, o.bytes));
    }
  }

  /** What {@link #snapshot()} sees at one moment. */
  record Snapshot(Counts done, int tasksDone, int tasksTotal, int tasksRunning) {}

  /** One task index of one stage: its final counts once an attempt succeeded, and its running attempts'. */
  private static final class Partition {
    Counts finished;
    final Map<Long, Counts> running = new HashMap<>();

    Counts counts() {
      if (finished != null) {
        return finished;
      }
      Counts most = Counts.ZERO;
      for (Counts c : running.values()) {
        most = most.max(c);
      }
      return most;
    }
  }

  private final Map<Integer, Integer> stageTasks = new HashMap<>();
  private final Map<Long, Partition> partitions = new HashMap<>();
  /** The partition of each attempt started and not yet ended. */
  private final Map<Long, Partition> attempts = new HashMap<>();
  /** Attempts that ended: a heartbeat can be delivered after its task's end and must not revive it. */
  private final Set<Long> ended = new HashSet<>();
  private int tasksDone;

  synchronized void stageSubmitted(int stageId, int tasks) {
    stageTasks.put(stageId, tasks);
  }

  synchronized void taskStarted(long taskId, int stageId, int index) {
    if (ended.contains(taskId)) {
      return;
    }
    Partition p = partitions.computeIfAbsent(key(stageId, index), k -> new Partition());
    attempts.put(taskId, p);
    p.running.put(taskId, Counts.ZERO);
  }

  /** A heartbeat's counts for a running attempt; the attempt's counts only grow. */
  synchronized void heartbeat(long taskId, Counts sofar) {
    Partition p = attempts.get(taskId);
    if (p != null) {
      p.running.merge(taskId, sofar, Counts::max);
    }
  }

  /**
   * An attempt ended. A successful one's final counts replace its running ones (the first success of a
   * partition stands: a late speculative copy adds nothing); a failed or killed one's are dropped, as
   * its rows will be read again.
   */
  synchronized void taskEnded(long taskId, boolean succeeded, Counts last) {
    ended.add(taskId);
    Partition p = attempts.remove(taskId);
    if (p == null) {
      return;
    }
    p.running.remove(taskId);
    if (succeeded && p.finished == null) {
      p.finished = last;
      tasksDone++;
    }
  }

  synchronized Snapshot snapshot() {
    Counts done = Counts.ZERO;
    for (Partition p : partitions.values()) {
      done = done.plus(p.counts());
    }
    int total = stageTasks.values().stream().mapToInt(Integer::intValue).sum();
    return new Snapshot(done, tasksDone, total, attempts.size());
  }

  private static long key(int stageId, int index) {
    return ((long) stageId << 32) | (index & 0xffffffffL);
  }
}
