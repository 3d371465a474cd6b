package dev.unroll.spark;

import dev.unroll.spark.partition.BadRowException;
import dev.unroll.spark.partition.ScalaCollections;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;
import scala.Option;

/**
 * One run of the job on the driver: its id (which names its staging folders), the Spark job group its
 * jobs run in, so they can be cancelled together, and the bad row that stops it under
 * {@code --bad-rows fail}.
 *
 * <p>A bad row must stop the job at once, not after {@code spark.task.maxFailures} attempts of a task
 * that fails the same way each time. So the task that meets it does not fail: {@link StopAtBadRow}
 * records the row in an accumulator and ends the partition early; when that task ends, this listener
 * sees the accumulator and cancels the job group. Whatever the cut-short task wrote is in the run's
 * staging folder, which a run with a bad row never publishes. A sink that commits by itself when the
 * job ends (Delta) has no staging: there the task records the row and fails, and the listener cancels
 * the job on that first failure, so a retry that has started is killed.
 */
final class ScoringRun extends SparkListener implements AutoCloseable {
  /**
   * How long {@link #stop} waits for cancelled tasks to end before deleting what they write to: within
   * the 30 s Hadoop gives a shutdown hook.
   */
  private static final long STOP_WAIT_MILLIS = 20_000;
  /** The job property holding a job's group (SparkContext.SPARK_JOB_GROUP_ID, private to Spark). */
  private static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

  private final SparkContext sc;
  private final String id;
  private final CollectionAccumulator<String> badRows;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  /** The run's jobs and stages still running, and its tasks started and not ended, from this listener's events. */
  private final Set<Integer> jobs = ConcurrentHashMap.newKeySet();
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final AtomicInteger runningTasks = new AtomicInteger();

  private ScoringRun(SparkContext sc, String id, CollectionAccumulator<String> badRows) {
    this.sc = sc;
    this.id = id;
    this.badRows = badRows;
  }

  /** Starts a run: the calling thread's Spark jobs join its group until {@link #close}. */
  static ScoringRun start(SparkContext sc) {
    String id = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
    CollectionAccumulator<String> badRows = new CollectionAccumulator<>();
    // counting failed tasks' values too: with a self-committing sink, the bad row's task fails
    badRows.register(sc, Option.apply("unroll.badRow"), true);
    ScoringRun run = new ScoringRun(sc, id, badRows);
    // interrupt running tasks on cancel, so none keeps writing into a staging folder being deleted
    sc.setJobGroup(id, "unroll score " + id, true);
    sc.addSparkListener(run);
    return run;
  }

  String id() {
    return id;
  }

  /**
   * The partition function that stops a partition at its first bad row (only thrown under fail).
   *
   * @param failTask fail the task (for a sink that commits by itself) rather than end it early
   */
  FlatMapFunction<Iterator<InternalRow>, InternalRow> stopAtBadRow(boolean failTask) {
    return new StopAtBadRow(badRows, failTask);
  }

  /** The message of the bad row that stopped the run, or null. */
  String badRow() {
    List<String> rows = badRows.value();
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    if (start.properties() != null && id.equals(start.properties().getProperty(JOB_GROUP_PROPERTY))) {
      for (StageInfo stage : ScalaCollections.asJava(start.stageInfos())) {
        stages.add(stage.stageId());
      }
      jobs.add(start.jobId());
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    jobs.remove(end.jobId());
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    if (stages.contains(start.stageId())) {
      runningTasks.incrementAndGet();
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (stages.contains(end.stageId())) {
      runningTasks.decrementAndGet();
    }
    boolean badRowFailure = end.reason() instanceof ExceptionFailure failure
        && failure.toErrorString().contains(BadRowException.class.getName());
    if ((badRowFailure || !badRows.isZero()) && cancelled.compareAndSet(false, true)) {
      sc.cancelJobGroup(id);
    }
  }

  /**
   * Cancels the run's jobs and waits (a bounded time) until none of their tasks is running. The
   * scheduler announces every task it launched before it announces the end of the cancelled job, so
   * once the run has no job left, the count of running tasks is complete.
   */
  void stop() {
    if (!jobs.isEmpty()) { // cancelling a group with no job left only makes Spark warn
      sc.cancelJobGroup(id);
    }
    long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
    while ((!jobs.isEmpty() || runningTasks.get() > 0) && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
    sc.clearJobGroup();
  }

  /** Passes rows through until a {@link BadRowException}, which it records and turns into the end. */
  static final class StopAtBadRow implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final CollectionAccumulator<String> badRows;
    private final boolean failTask;

    StopAtBadRow(CollectionAccumulator<String> badRows, boolean failTask) {
      this.badRows = badRows;
      this.failTask = failTask;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
      return new Iterator<>() {
        private boolean stopped;

        @Override
        public boolean hasNext() {
          if (stopped) {
            return false;
          }
          try {
            return rows.hasNext();
          } catch (BadRowException e) {
            badRows.add(e.getMessage());
            if (failTask) {
              throw e;
            }
            stopped = true;
            return false;
          }
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return rows.next();
        }
      };
    }
  }
}
