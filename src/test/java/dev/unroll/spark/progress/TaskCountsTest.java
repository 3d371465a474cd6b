package dev.unroll.spark.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.spark.progress.TaskCounts.Counts;
import org.junit.jupiter.api.Test;

class TaskCountsTest {
  private final TaskCounts counts = new TaskCounts();

  private long rows() {
    return counts.snapshot().done().rows();
  }

  @Test
  void runningAttemptsCountTheirLastHeartbeatAndFinishedOnesTheirFinalValue() {
    counts.stageSubmitted(3, 2);
    counts.taskStarted(10, 3, 0);
    counts.taskStarted(11, 3, 1);
    counts.heartbeat(10, new Counts(2048, 1000));
    counts.heartbeat(11, new Counts(4096, 3000));
    assertEquals(2048 + 4096, rows());
    assertEquals(4000, counts.snapshot().done().bytes());
    counts.taskEnded(10, true, new Counts(5000, 2500));
    TaskCounts.Snapshot s = counts.snapshot();
    assertEquals(5000 + 4096, s.done().rows());
    assertEquals(1, s.tasksDone());
    assertEquals(2, s.tasksTotal());
    assertEquals(1, s.tasksRunning());
  }

  @Test
  void aFailedAttemptsRowsAreDroppedAndItsRetryCountsAfresh() {
    counts.stageSubmitted(0, 1);
    counts.taskStarted(1, 0, 0);
    counts.heartbeat(1, new Counts(6144, 0));
    counts.taskEnded(1, false, new Counts(0, 0)); // an executor lost
    assertEquals(0, rows());
    counts.taskStarted(2, 0, 0);
    counts.heartbeat(2, new Counts(2048, 0));
    assertEquals(2048, rows());
    counts.taskEnded(2, true, new Counts(7000, 0));
    assertEquals(7000, rows());
    assertEquals(1, counts.snapshot().tasksDone());
  }

  @Test
  void aHeartbeatDeliveredAfterItsTaskEndedDoesNotCountItTwice() {
    counts.stageSubmitted(0, 1);
    counts.taskStarted(1, 0, 0);
    counts.taskEnded(1, true, new Counts(3000, 0));
    counts.heartbeat(1, new Counts(2048, 0));
    assertEquals(3000, rows());
    assertEquals(0, counts.snapshot().tasksRunning());
  }

  @Test
  void speculativeCopiesOfOnePartitionCountItsRowsOnce() {
    counts.stageSubmitted(0, 1);
    counts.taskStarted(1, 0, 0);
    counts.taskStarted(2, 0, 0); // the speculative copy
    counts.heartbeat(1, new Counts(4096, 0));
    counts.heartbeat(2, new Counts(2048, 0));
    assertEquals(4096, rows());
    counts.taskEnded(2, true, new Counts(5000, 0));
    counts.taskEnded(1, true, new Counts(0, 0)); // the late copy's success adds nothing
    assertEquals(5000, rows());
    assertEquals(1, counts.snapshot().tasksDone());
  }

  @Test
  void aHeartbeatNeverLowersARunningAttemptsCount() {
    counts.stageSubmitted(0, 1);
    counts.taskStarted(1, 0, 0);
    counts.heartbeat(1, new Counts(4096, 10));
    counts.heartbeat(1, new Counts(2048, 5));
    assertEquals(4096, rows());
  }

  @Test
  void tasksOfEveryStageThatRanAddUp() {
    counts.stageSubmitted(0, 4);
    counts.stageSubmitted(1, 2);
    for (int i = 0; i < 3; i++) {
      counts.taskStarted(i, 0, i);
      counts.taskEnded(i, true, new Counts(1, 0));
    }
    TaskCounts.Snapshot s = counts.snapshot();
    assertEquals(3, s.tasksDone());
    assertEquals(6, s.tasksTotal());
    assertEquals(3, s.done().rows());
  }

  @Test
  void aRunOfManyTasksHoldsOnlyWhatItsRunningAttemptsNeed() {
    int tasks = 20_000;
    counts.stageSubmitted(0, tasks);
    counts.taskStarted(0, 0, 0);
    for (int i = 1; i < tasks; i++) { // two at a time, as local[2] runs them
      counts.taskStarted(i, 0, i);
      counts.heartbeat(i, new Counts(10, 100));
      counts.taskEnded(i - 1, true, new Counts(12_500, 1_000));
    }
    TaskCounts.Snapshot s = counts.snapshot();
    assertEquals((tasks - 1) * 12_500L + 10, s.done().rows());
    assertEquals(tasks - 1, s.tasksDone());
    assertEquals(1, s.tasksRunning());
    assertEquals(2, counts.held()); // the running attempt and its partition
  }
}
