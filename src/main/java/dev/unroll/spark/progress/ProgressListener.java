package dev.unroll.spark.progress;

import dev.unroll.spark.partition.ScalaCollections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import scala.Tuple4;

/**
 * Feeds {@link TaskCounts} from the scheduler's events for the jobs of one job group: the stages and
 * tasks Spark's own stage bar counts, and the rows and bytes each task attempt has read, as its
 * executor's heartbeats carry them while it runs and as it ends.
 *
 * <p>An attempt's rows are the larger of the job's rows accumulator and Spark's input metric of records
 * read. The scoring pass adds to its accumulator once per sort window, after scoring it, so a partition
 * of one window shows nothing until it ends; Spark's file readers count records as they hand them over
 * (each row, or each columnar batch), but only for file sources. Both count the same rows, and the
 * records read are never behind.
 */
final class ProgressListener extends SparkListener {
  /** The job property holding a job's group (SparkContext.SPARK_JOB_GROUP_ID, private to Spark). */
  private static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

  private final String jobGroup;
  private final long rowsAccumulator;
  private final TaskCounts counts;
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  /** Each running stage's input metrics: the ids of its records-read and bytes-read accumulators. */
  private final Map<Integer, InputMetricIds> inputMetrics = new ConcurrentHashMap<>();

  /**
   * Heartbeats carry a task's metrics as accumulator updates without their names, so they are told by id:
   * the ids of the stage's own task metrics, which its tasks carry to the executors. (Scala's
   * package-private members, {@code StageInfo.taskMetrics} and {@code InputMetrics._recordsRead}, are
   * public to Java.)
   */
  private record InputMetricIds(long records, long bytes) {
    static InputMetricIds of(StageInfo stage) {
      TaskMetrics metrics = stage.taskMetrics();
      return metrics == null ? new InputMetricIds(-1, -1)
          : new InputMetricIds(metrics.inputMetrics()._recordsRead().id(), metrics.inputMetrics()._bytesRead().id());
    }
  }

  /** @param rowsAccumulator the id of the accumulator the partition function adds rows read to */
  ProgressListener(String jobGroup, long rowsAccumulator, TaskCounts counts) {
    this.jobGroup = jobGroup;
    this.rowsAccumulator = rowsAccumulator;
    this.counts = counts;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    if (start.properties() != null && jobGroup.equals(start.properties().getProperty(JOB_GROUP_PROPERTY))) {
      for (StageInfo stage : ScalaCollections.asJava(start.stageInfos())) {
        stages.add(stage.stageId());
      }
    }
  }

  /** A stage's tasks count once it runs: a stage a job skips (its output already there) never does. */
  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    StageInfo stage = submitted.stageInfo();
    if (stages.contains(stage.stageId())) {
      inputMetrics.put(stage.stageId(), InputMetricIds.of(stage));
      counts.stageSubmitted(stage.stageId(), stage.numTasks());
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    if (stages.contains(start.stageId())) {
      counts.taskStarted(start.taskInfo().taskId(), start.stageId(), start.taskInfo().index());
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, ? extends scala.collection.Iterable<AccumulableInfo>> task
        : ScalaCollections.asJava(update.accumUpdates())) {
      InputMetricIds input = inputMetrics.get((Integer) task._2());
      if (input != null) {
        long rows = 0;
        long bytes = 0;
        for (AccumulableInfo info : ScalaCollections.asJava(task._4())) {
          if (info.id() == rowsAccumulator || info.id() == input.records()) {
            rows = Math.max(rows, value(info));
          } else if (info.id() == input.bytes()) {
            bytes = value(info);
          }
        }
        counts.heartbeat((Long) task._1(), new TaskCounts.Counts(rows, bytes));
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (!stages.contains(end.stageId())) {
      return;
    }
    long rows = 0;
    // the scheduler sets a successful task's accumulator updates on its TaskInfo before it posts the event
    for (AccumulableInfo info : ScalaCollections.asJava(end.taskInfo().accumulables())) {
      if (info.id() == rowsAccumulator) {
        rows = value(info);
      }
    }
    TaskMetrics metrics = end.taskMetrics();
    long bytes = 0;
    if (metrics != null) {
      rows = Math.max(rows, metrics.inputMetrics().recordsRead());
      bytes = metrics.inputMetrics().bytesRead();
    }
    counts.taskEnded(end.taskInfo().taskId(), end.reason() == Success$.MODULE$, new TaskCounts.Counts(rows, bytes));
  }

  private static long value(AccumulableInfo info) {
    return info.update().isDefined() && info.update().get() instanceof Number n ? n.longValue() : 0;
  }
}
