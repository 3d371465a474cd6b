package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.JobConfig;
import dev.unroll.spark.publish.StagedOutput;
import dev.unroll.spark.publish.StagedRunOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of published rows against the job's count, per format, and stopping a run's tasks. */
class StagedRunOutputTest {
  @TempDir Path dir;

  private StagedRunOutput staged(Path dest, Dataset<Row> rows, JobConfig.Output out) throws IOException {
    StagedOutput staged = StagedOutput.begin(StagedRunOutput.conf(spark()), dest.toString(), "test", () -> { });
    StagedRunOutput output = new StagedRunOutput(spark(), out, List.of(), "id", "--output", staged);
    output.write(rows);
    return output;
  }

  @Test
  void aStagedOutputWhoseFootersDisagreeWithTheJobsCountIsNotPublished() throws IOException {
    Path dest = dir.resolve("out");
    JobConfig.Output out = config(dir, dest).output();
    try (StagedRunOutput staged = staged(dest, spark().range(7).toDF(), out)) {
      String message = assertThrows(IllegalStateException.class,
          () -> staged.publish(8, Map.of())).getMessage();
      assertEquals("--output file:" + dest + ": the files written hold 7 rows but the job counted 8; nothing was"
          + " published", message);
    }
    assertFalse(Files.exists(dest));
    try (StagedRunOutput staged = staged(dest, spark().range(7).repartition(3).toDF(), out)) {
      assertEquals(7, staged.publish(7, Map.of()));
    }
    assertEquals(7, spark().read().parquet(dest.toString()).count());
  }

  @Test
  void orcRowsAreCountedFromFootersAndJsonIsPublishedUncounted() throws IOException {
    JobConfig.Output orc = config(dir, dir.resolve("o"), "output-format", "orc").output();
    try (StagedRunOutput staged = staged(dir.resolve("orc"), spark().range(5).repartition(2).toDF(), orc)) {
      assertEquals(5, staged.publish(5, Map.of()));
    }
    JobConfig.Output json = config(dir, dir.resolve("o"), "output-format", "json").output();
    try (StagedRunOutput staged = staged(dir.resolve("json"), spark().range(5).toDF(), json)) {
      assertEquals(-1, staged.publish(5, Map.of()));
    }
    assertEquals(5, spark().read().json(dir.resolve("json").toString()).count());
  }

  /** Sleeps in each task, so a run has tasks running when it is stopped. */
  static final class Slow implements Function<Long, Long> {
    private static final long serialVersionUID = 1L;
    @Override
    public Long call(Long v) throws InterruptedException {
      Thread.sleep(200);
      return v;
    }
  }

  @Test
  void stoppingARunCancelsItsJobAndReturnsOnlyOnceNoTaskRuns() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    SparkListener onStart = new SparkListener() {
      @Override
      public void onTaskStart(SparkListenerTaskStart start) {
        running.incrementAndGet();
        started.countDown();
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        running.decrementAndGet();
      }
    };
    spark().sparkContext().addSparkListener(onStart);
    AtomicReference<ScoringRun> run = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread job = new Thread(() -> {
      try (ScoringRun r = ScoringRun.start(spark().sparkContext())) {
        run.set(r);
        JavaSparkContext.fromSparkContext(spark().sparkContext())
            .parallelize(java.util.stream.LongStream.range(0, 400).boxed().toList(), 2).map(new Slow()).count();
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    try {
      job.start();
      assertTrue(started.await(30, TimeUnit.SECONDS));
      run.get().stop();
      assertEquals(0, running.get(), "no task of the run is running once stop returns");
      job.join(30_000);
      assertFalse(job.isAlive());
      assertTrue(String.valueOf(failure.get()).contains("cancelled"), String.valueOf(failure.get()));
    } finally {
      spark().sparkContext().removeSparkListener(onStart);
    }
  }
}
