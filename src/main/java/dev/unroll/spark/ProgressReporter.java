package dev.unroll.spark;

import dev.unroll.spark.partition.ScalaCollections;
import dev.unroll.spark.partition.ScoringMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;

/**
 * Logs a rows/s line from the driver every few seconds while the job runs. Finished tasks count through
 * the accumulator; running tasks through the partial accumulator values their executors send with each
 * heartbeat (every {@code spark.executor.heartbeatInterval}, 10 s by default).
 */
final class ProgressReporter extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ProgressReporter.class);

  private final SparkContext sc;
  private final ScoringMetrics metrics;
  /** Rows read so far by each running task, from heartbeats. */
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private final Thread thread;

  ProgressReporter(SparkContext sc, ScoringMetrics metrics, int intervalSeconds) {
    this.sc = sc;
    this.metrics = metrics;
    this.thread = new Thread(() -> report(intervalSeconds), "unroll-progress");
    thread.setDaemon(true);
    if (intervalSeconds > 0) {
      sc.addSparkListener(this);
      thread.start();
    }
  }

  private void report(int intervalSeconds) {
    long started = System.nanoTime();
    try {
      while (true) {
        Thread.sleep(intervalSeconds * 1000L);
        long rows = metrics.rowsRead.value() + running.values().stream().mapToLong(Long::longValue).sum();
        double seconds = (System.nanoTime() - started) / 1e9;
        int done = 0;
        int total = 0;
        for (int id : sc.statusTracker().getActiveStageIds()) {
          SparkStageInfo stage = sc.statusTracker().getStageInfo(id).getOrElse(() -> null);
          if (stage != null) {
            done += stage.numCompletedTasks();
            total += stage.numTasks();
          }
        }
        LOG.info(String.format(Locale.ROOT, "progress: %d rows read in %.0fs (%.0f rows/s); %d of %d tasks done",
            rows, seconds, rows / seconds, done, total));
      }
    } catch (InterruptedException e) {
      // the job is over
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    long id = metrics.rowsRead.id();
    for (Tuple4<Object, Object, Object, ? extends scala.collection.Iterable<AccumulableInfo>> task
        : ScalaCollections.asJava(update.accumUpdates())) {
      for (AccumulableInfo info : ScalaCollections.asJava(task._4())) {
        if (info.id() == id && info.update().isDefined()) {
          running.put((Long) task._1(), ((Number) info.update().get()).longValue());
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    running.remove(end.taskInfo().taskId());
  }

  @Override
  public void close() {
    thread.interrupt();
    sc.removeSparkListener(this);
  }
}
