package dev.unroll.spark.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.report.RunStats;
import dev.unroll.report.TaskTiming;
import dev.unroll.report.Timeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A task's report statistics travel to the driver with its result: their size must be bounded by the
 * vectors' width, not by the rows the task read.
 */
class StatsAccumulatorTest {
  private static final int WIDTH = 64;
  private static final int WINDOW = 1_000;
  /** Bytes one throughput bucket (a Long start and a Double count in a TreeMap) takes serialized, at most. */
  private static final int BUCKET_BYTES = 32;

  @Test
  void aTasksStatisticsStopGrowingWithTheRowsItRead() {
    long one = serializedSize(taskOf(1).value());
    long thousand = serializedSize(taskOf(1_000).value()); // 1M rows
    long fourThousand = serializedSize(taskOf(4_000).value()); // 4M rows
    // what may grow is the throughput timeline, to its cap of buckets; the histograms and moments are fixed
    long timeline = (long) Timeline.MAX_BUCKETS * BUCKET_BYTES;
    assertTrue(thousand - one <= timeline, one + " bytes after one window, " + thousand + " after 1,000");
    assertTrue(fourThousand - one <= timeline, one + " bytes after one window, " + fourThousand + " after 4,000");
    assertTrue(Math.abs(fourThousand - thousand) <= timeline, thousand + " against " + fourThousand);
  }

  @Test
  void theDriversMergeOfTasksKeepsOneTimingATaskAndCountsEveryRow() {
    StatsAccumulator driver = new StatsAccumulator();
    for (int t = 0; t < 3; t++) {
      driver.merge(taskOf(2));
    }
    assertEquals(3, driver.value().tasks().size());
    assertEquals(3L * 2 * WINDOW, driver.value().lengths().count());
  }

  /** A task's accumulator after {@code windows} windows of {@link #WINDOW} rows, one a second; its value travels. */
  private static StatsAccumulator taskOf(int windows) {
    Random random = new Random(7);
    RunStats stats = RunStats.empty(List.of("h", "c"), List.of(WIDTH, WIDTH));
    int[] lengths = new int[WINDOW];
    float[] vectors = new float[WINDOW * 2 * WIDTH];
    for (int w = 0; w < windows; w++) {
      for (int r = 0; r < WINDOW; r++) {
        lengths[r] = 1 + random.nextInt(20);
      }
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = random.nextFloat() * 2 - 1;
      }
      stats.throughput().add(w * 1_000L, w * 1_000L + 900, WINDOW);
      stats.addLengths(lengths, WINDOW);
      for (int v = 0; v < 2; v++) {
        stats.embedding(v).addBlock(vectors, WINDOW, 2 * WIDTH, v * WIDTH, r -> "row " + r);
      }
    }
    stats.addTask(new TaskTiming(0, "driver", 0, windows * 1_000L, 1, 1, (long) windows * WINDOW));
    StatsAccumulator task = new StatsAccumulator();
    task.add(stats);
    return task;
  }

  private static long serializedSize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.size();
  }
}
