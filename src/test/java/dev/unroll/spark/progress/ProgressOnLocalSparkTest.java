package dev.unroll.spark.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reporter on the shared local session (heartbeats each second), following jobs slowed to a few
 * seconds a task: two partitions, each read by one task that sleeps 20 ms a row and adds each row to a
 * rows accumulator, as the scoring job adds a window of rows.
 */
class ProgressOnLocalSparkTest {
  private static final int ROWS_PER_TASK = 150;
  /** The first attempt of the first task fails after this many rows; its retry reads them again. */
  private static final int FAILS_AFTER = 75;
  private static final Pattern LINE =
      Pattern.compile("^([\\d,]+)(?: of ([\\d,]+))? rows.*, tasks (\\d+) of (\\d+) done, (\\d+) running$");

  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();
  private final SparkContext sc = spark.sparkContext();
  private final LongAccumulator rows = sc.longAccumulator("test.rowsRead");

  /** A line as the test reads it; total -1 when the line has none. */
  private record Shown(long nanos, long rows, long total, int tasksDone, int tasksTotal) {
    static Shown of(long nanos, String line) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), line);
      return new Shown(nanos, number(m.group(1)), m.group(2) == null ? -1 : number(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    private static long number(String s) {
      return Long.parseLong(s.replace(",", ""));
    }
  }

  /** What the reporter showed while {@code rdd}'s slowed job ran in its group, and its last line. */
  private record Followed(long started, List<Shown> shown, Shown last, List<ProgressSample> samples) {}

  private Followed follow(JavaRDD<?> rdd, Supplier<String[]> files, String format) {
    List<Shown> shown = Collections.synchronizedList(new ArrayList<>());
    List<String> last = new ArrayList<>();
    ProgressOutput capture = new ProgressOutput() {
      @Override
      public void show(String line, double seconds) {
        shown.add(Shown.of(System.nanoTime(), line));
      }

      @Override
      public void finish(String line) {
        last.add(line);
      }
    };
    String group = "progress-test";
    sc.setJobGroup(group, "progress test", false);
    long started = System.nanoTime();
    ProgressReporter reporter =
        new ProgressReporter(sc, group, rows.id(), new InputSize(sc.hadoopConfiguration(), files, format), capture,
            started);
    LongAccumulator counted = rows;
    try {
      rdd.foreachPartition(partition -> slowly(partition, counted));
    } finally {
      reporter.close();
      sc.clearJobGroup();
    }
    return new Followed(started, List.copyOf(shown), Shown.of(0, last.get(0)), reporter.samples());
  }

  private static void slowly(Iterator<?> partition, LongAccumulator rows) throws InterruptedException {
    TaskContext task = TaskContext.get();
    int read = 0;
    while (partition.hasNext()) {
      partition.next();
      Thread.sleep(20);
      rows.add(1);
      if (++read == FAILS_AFTER && task.partitionId() == 0 && task.attemptNumber() == 0) {
        throw new IllegalStateException("a planted failure: the retry reads these rows again");
      }
    }
  }

  private static void assertCountedWhileRunningAndNeverBackwards(Followed f) {
    assertTrue(f.shown().size() >= 2, "lines: " + f.shown());
    double firstSeconds = (f.shown().get(0).nanos() - f.started()) / 1e9;
    assertTrue(firstSeconds <= 2, "the first line came after " + firstSeconds + " s");
    assertTrue(f.shown().stream().anyMatch(s -> s.tasksDone() == 0 && s.rows() > 0),
        "no line counted rows before the first task ended: " + f.shown());
    for (int i = 1; i < f.shown().size(); i++) {
      assertTrue(f.shown().get(i).rows() >= f.shown().get(i - 1).rows(), "backwards: " + f.shown());
    }
    // the failed attempt's rows are not counted on top of its retry's
    assertEquals(2 * ROWS_PER_TASK, f.last().rows());
    assertEquals(2, f.last().tasksDone());
    assertEquals(2, f.last().tasksTotal());
    assertEquals(f.shown().size() + 1, f.samples().size());
    assertEquals(2 * ROWS_PER_TASK, f.samples().get(f.samples().size() - 1).rows());
  }

  @Test
  void aParquetInputsLinesShowTheFootersTotalAndCountRowsWhileTasksRun() {
    String in = dir.resolve("in").toString();
    spark.range(0, 2 * ROWS_PER_TASK, 1, 2).write().parquet(in);
    Dataset<Row> input = spark.read().parquet(in);
    Followed f = follow(input.javaRDD(), input::inputFiles, "parquet");
    assertCountedWhileRunningAndNeverBackwards(f);
    assertTrue(f.shown().stream().allMatch(s -> s.total() == 2 * ROWS_PER_TASK), "the footers' total: " + f.shown());
  }

  /** No file source: Spark's records-read metric says nothing, the rows accumulator alone counts. */
  @Test
  void rowsCountedOnlyByTheAccumulatorMoveWhileTasksRunToo() {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 2 * ROWS_PER_TASK; i++) {
      numbers.add(i);
    }
    Followed f = follow(JavaSparkContext.fromSparkContext(sc).parallelize(numbers, 2), () -> new String[0], "none");
    assertCountedWhileRunningAndNeverBackwards(f);
    assertTrue(f.shown().stream().allMatch(s -> s.total() == -1), "no total: " + f.shown());
  }
}
