package dev.unroll.spark.progress;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;

/**
 * Follows a job's progress on the driver: every second it takes the counts its listener has (rows read,
 * from heartbeats while tasks run), records a {@link ProgressSample} and hands the line to its output;
 * the first line comes one second after it starts. Meanwhile the input is measured in the background.
 */
public final class ProgressReporter implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ProgressReporter.class);
  private static final long TICK_MILLIS = 1000;
  /** The longest the last line waits for the listener to catch up with the scheduler. */
  private static final long SETTLE_NANOS = 1_000_000_000L;

  private final SparkContext sc;
  private final ProgressListener listener;
  private final TaskCounts counts;
  private final ProgressMeter meter = new ProgressMeter();
  private final InputSize input;
  private final ProgressOutput output;
  private final long startedNanos;
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread t = new Thread(task, "unroll-progress");
    t.setDaemon(true);
    return t;
  });
  private boolean closed;

  ProgressReporter(SparkContext sc, String jobGroup, long rowsAccumulator, InputSize input, ProgressOutput output,
      long startedNanos) {
    this.sc = sc;
    this.counts = new TaskCounts();
    this.listener = new ProgressListener(jobGroup, rowsAccumulator, counts);
    this.input = input;
    this.output = output;
    this.startedNanos = startedNanos;
    sc.addSparkListener(listener);
    ticks.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts following the jobs of {@code jobGroup}.
   *
   * @param rowsAccumulator id of the accumulator of rows read
   * @param files lists the input's data files (called in the background)
   * @param format the input's format: Parquet and ORC footers give the rows
   * @param startedNanos when the job started ({@link System#nanoTime()}), for the elapsed time
   * @param intervalSeconds seconds between log lines; 0 shows nothing but still samples
   */
  public static ProgressReporter start(SparkContext sc, String jobGroup, long rowsAccumulator,
      Supplier<String[]> files, String format, long startedNanos, int intervalSeconds) {
    Configuration hadoop = sc.hadoopConfiguration();
    if (intervalSeconds == 0) {
      // the samples need no total: no footer is read
      return new ProgressReporter(sc, jobGroup, rowsAccumulator, new InputSize(hadoop, () -> new String[0], format),
          null, startedNanos);
    }
    ProgressOutput output = ProgressOutput.forStderr(intervalSeconds, line -> LOG.info("progress: {}", line));
    return new ProgressReporter(sc, jobGroup, rowsAccumulator, new InputSize(hadoop, files, format), output,
        startedNanos);
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    try {
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      Progress p = meter.next(seconds, counts.snapshot(), input.now());
      if (output != null) {
        output.show(ProgressLine.format(p), seconds);
      }
    } catch (RuntimeException e) {
      // progress is a courtesy: a fault here must not end the ticks, nor the job
      LOG.debug("progress tick failed", e);
    }
  }

  /** The samples so far, one per second, oldest first (still there after {@link #close()}). */
  public List<ProgressSample> samples() {
    return meter.samples();
  }

  /** Stops following; on a terminal the last line stays, with its end of line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticks.shutdownNow();
    input.close();
    if (output != null) {
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      output.finish(ProgressLine.format(meter.next(seconds, settled(), input.now())));
    }
    sc.removeSparkListener(listener);
  }

  /**
   * The counts once the listener has seen every task end. When a job returns, the scheduler has posted
   * all its task ends, but the listener bus may not have delivered them yet: the last line would show
   * a finished job short of its last tasks. A job that failed never gets there; it waits the bound.
   */
  private TaskCounts.Snapshot settled() {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    TaskCounts.Snapshot s = counts.snapshot();
    while ((s.tasksTotal() == 0 || s.tasksDone() < s.tasksTotal()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      s = counts.snapshot();
    }
    return s;
  }
}
