package dev.unroll.spark;

import java.util.Locale;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.SparkStageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a rows/s line from the driver every few seconds while a job runs. Accumulators reach the driver
 * as tasks finish, so the counts move in steps of a partition.
 */
final class ProgressReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

  private final Thread thread;

  ProgressReporter(SparkStatusTracker tracker, ScoringMetrics metrics, int intervalSeconds) {
    long started = System.nanoTime();
    this.thread = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(intervalSeconds * 1000L);
          long rows = metrics.rowsRead.value();
          double seconds = (System.nanoTime() - started) / 1e9;
          int done = 0;
          int total = 0;
          for (int id : tracker.getActiveStageIds()) {
            SparkStageInfo stage = tracker.getStageInfo(id).getOrElse(() -> null);
            if (stage != null) {
              done += stage.numCompletedTasks();
              total += stage.numTasks();
            }
          }
          LOG.info(String.format(Locale.ROOT, "progress: %d rows read in %.0fs (%.0f rows/s), %d/%d tasks of"
              + " the running stage done", rows, seconds, rows / seconds, done, total));
        }
      } catch (InterruptedException e) {
        // the job is over
      }
    }, "unroll-progress");
    thread.setDaemon(true);
    if (intervalSeconds > 0) {
      thread.start();
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
