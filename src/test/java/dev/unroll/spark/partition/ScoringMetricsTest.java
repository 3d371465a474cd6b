package dev.unroll.spark.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.AccumulatorV2;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * What Spark keeps of the job's accumulators for each task: a task's record must not grow with the tasks
 * that ran before it, or a run of many tasks fills the driver's heap (100M rows are 8,000 tasks).
 */
class ScoringMetricsTest {
  private static final int TASKS = 40;

  @Test
  void eachTasksRecordOfTheAccumulatorsStaysTheSameSizeHoweverManyTasksRanBefore() {
    SparkContext sc = SharedSpark.session().sparkContext();
    ScoringMetrics metrics = ScoringMetrics.register(sc);
    List<AccumulatorV2<?, ?>> ours = List.of(metrics.rowsRead, metrics.rowsScored, metrics.rowsRejected,
        metrics.validSteps, metrics.paddedSteps, metrics.batches, metrics.readNanos, metrics.scoreNanos,
        metrics.partitionNanos, metrics.scalarExecutors, metrics.boxedExecutors);
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    ours.forEach(a -> ids.add(a.id()));
    // per task: how many values Spark recorded for our accumulators (an update or a total, a list counting
    // its entries)
    Map<Long, Integer> recorded = new ConcurrentHashMap<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        int values = 0;
        boolean anyOfOurs = false;
        for (AccumulableInfo info : ScalaCollections.asJava(end.taskInfo().accumulables())) {
          if (ids.contains(info.id())) {
            anyOfOurs = true;
            values += size(info.update()) + size(info.value());
          }
        }
        if (anyOfOurs) {
          recorded.put(end.taskInfo().taskId(), values);
        }
      }
    };
    sc.addSparkListener(listener);
    try {
      new JavaSparkContext(sc).parallelize(IntStream.range(0, TASKS).boxed().toList(), TASKS)
          .foreachPartition(rows -> aTask(rows, metrics));
      long deadline = System.currentTimeMillis() + 10_000;
      while (recorded.size() < TASKS && System.currentTimeMillis() < deadline) {
        Thread.sleep(10); // the listener bus delivers task ends after the job returns
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sc.removeSparkListener(listener);
    }

    assertEquals(TASKS, recorded.size(), "tasks whose accumulator updates Spark recorded");
    int mostPerTask = recorded.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    // an update and a total per accumulator, each one value: the named counters; the lists are not recorded
    assertTrue(mostPerTask <= 2 * ours.size(), "values recorded for one task: " + mostPerTask);
    // the driver still has every task's entries
    assertEquals(TASKS, metrics.partitionNanos.value().size());
    assertEquals(TASKS, metrics.scalarExecutors.value().size());
    assertEquals(TASKS, metrics.boxedExecutors.value().size());
    assertEquals(TASKS, metrics.rowsRead.value());
  }

  @Test
  void aTaskOnAJvmWithBoxedKernelsNamesItsExecutorWithWhatWasMeasured() {
    ScoringMetrics metrics = ScoringMetrics.local();
    metrics.noteBoxedKernels();
    assertEquals(List.of(), metrics.boxedKernelExecutors(), "no verdict, no entry");
    try {
      for (int block = 0; block < KernelWatch.BLOCKS; block++) {
        KernelWatch.JVM.count(3 * KernelWatch.BLOCK_MACS, KernelWatch.BLOCK_MACS);
      }
      metrics.noteBoxedKernels();
      metrics.noteBoxedKernels(); // a second task on the same executor
      assertEquals(List.of("driver: 3.00 bytes allocated per multiply-add"), metrics.boxedKernelExecutors());
    } finally {
      KernelWatch.JVM.clear();
    }
  }

  /**
   * What a scoring task adds: its rows, its partition's time and, on the scalar fallback or with boxed
   * kernels, its executor.
   */
  private static void aTask(Iterator<Integer> rows, ScoringMetrics m) {
    while (rows.hasNext()) {
      rows.next();
      m.rowsRead.add(1);
    }
    m.partitionNanos.add(1_000L);
    m.scalarExecutors.add("driver");
    m.boxedExecutors.add("driver: 3.00 bytes allocated per multiply-add");
  }

  private static int size(Option<Object> value) {
    if (value.isEmpty()) {
      return 0;
    }
    return value.get() instanceof Collection<?> c ? c.size() : 1;
  }
}
