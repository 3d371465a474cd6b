package dev.unroll.spark.progress;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Rows and input bytes done and tasks done, from the scheduler's events: a running task attempt counts
 * what its last heartbeat said, a finished one what it ended with, and a failed or killed one nothing.
 *
 * <p>Each partition (stage and task index) counts once: its successful attempt's final value when it has
 * one, else the largest count among its running attempts (a speculative copy re-reads the same rows). So
 * at every moment the sum is at most the rows the job will have read when it ends. Thread-safe: the
 * listener bus writes, the reporter thread reads.
 *
 * <p>What it holds is bounded by the running attempts, not by the tasks of the run: a finished
 * partition leaves one bit (which partitions succeeded) and its counts in a running total; a run of
 * 80,000 tasks keeps 10 KB of bits, not a map entry per task.
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

  /** One task index of one stage while attempts of it run, with each attempt's counts so far. */
  private record Partition(int stageId, int index, Map<Long, Counts> running) {
    Counts most() {
      Counts most = Counts.ZERO;
      for (Counts c : running.values()) {
        most = most.max(c);
      }
      return most;
    }
  }

  private static final BitSet NONE = new BitSet();

  private final Map<Integer, Integer> stageTasks = new HashMap<>();
  /** Each stage's task indexes that have succeeded. */
  private final Map<Integer, BitSet> succeeded = new HashMap<>();
  /** The final counts of the partitions that have succeeded, summed. */
  private Counts finished = Counts.ZERO;
  /** The partitions with attempts running, by stage and index. */
  private final Map<Long, Partition> partitions = new HashMap<>();
  /** The partition of each attempt started and not yet ended. */
  private final Map<Long, Partition> attempts = new HashMap<>();
  private int tasksDone;

  synchronized void stageSubmitted(int stageId, int tasks) {
    stageTasks.put(stageId, tasks);
  }

  synchronized void taskStarted(long taskId, int stageId, int index) {
    Partition p = partitions.computeIfAbsent(key(stageId, index), k -> new Partition(stageId, index, new HashMap<>()));
    attempts.put(taskId, p);
    p.running().put(taskId, Counts.ZERO);
  }

  /**
   * A heartbeat's counts for a running attempt; the attempt's counts only grow. A heartbeat delivered
   * after its attempt ended finds no attempt and counts nothing.
   */
  synchronized void heartbeat(long taskId, Counts sofar) {
    Partition p = attempts.get(taskId);
    if (p != null) {
      p.running().merge(taskId, sofar, Counts::max);
    }
  }

  /**
   * An attempt ended. A successful one's final counts replace its running ones (the first success of a
   * partition stands: a late speculative copy adds nothing); a failed or killed one's are dropped, as
   * its rows will be read again.
   */
  synchronized void taskEnded(long taskId, boolean succeeded, Counts last) {
    Partition p = attempts.remove(taskId);
    if (p == null) {
      return;
    }
    p.running().remove(taskId);
    if (p.running().isEmpty()) {
      partitions.remove(key(p.stageId(), p.index()));
    }
    BitSet done = this.succeeded.computeIfAbsent(p.stageId(), s -> new BitSet());
    if (succeeded && !done.get(p.index())) {
      done.set(p.index());
      finished = finished.plus(last);
      tasksDone++;
    }
  }

  synchronized Snapshot snapshot() {
    Counts done = finished;
    for (Partition p : partitions.values()) {
      if (!succeeded.getOrDefault(p.stageId(), NONE).get(p.index())) {
        done = done.plus(p.most());
      }
    }
    int total = stageTasks.values().stream().mapToInt(Integer::intValue).sum();
    return new Snapshot(done, tasksDone, total, attempts.size());
  }

  /** Partitions with attempts running, and attempts running: what this holds besides a bit a task. */
  synchronized int held() {
    return partitions.size() + attempts.size();
  }

  private static long key(int stageId, int index) {
    return ((long) stageId << 32) | (index & 0xffffffffL);
  }
}
