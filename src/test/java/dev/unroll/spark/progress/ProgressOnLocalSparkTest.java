package dev.unroll.spark.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reporter on the shared local session (heartbeats each second), following a job slowed to about 3 s
 * a task: two Parquet files of 150 rows, each read by one task that sleeps 20 ms a row and counts each
 * row in the rows accumulator, as the scoring job counts a window of rows.
 */
class ProgressOnLocalSparkTest {
  private static final int ROWS_PER_FILE = 150;
  private static final Pattern LINE =
      Pattern.compile("^([\\d,]+) of ([\\d,]+) rows .*, tasks (\\d+) of (\\d+) done, (\\d+) running$");

  @TempDir Path dir;

  private record Shown(long nanos, long rows, long total, int tasksDone, int tasksTotal) {
    static Shown of(long nanos, String line) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), line);
      return new Shown(nanos, Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2).replace(",", "")),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }
  }

  @Test
  void linesCountRowsWhileTasksRunNeverGoBackAndTheFirstComesWithinTwoSeconds() throws Exception {
    SparkSession spark = SharedSpark.session();
    SparkContext sc = spark.sparkContext();
    String in = dir.resolve("in").toString();
    spark.range(0, 2 * ROWS_PER_FILE, 1, 2).write().parquet(in);
    Dataset<Row> input = spark.read().parquet(in);
    LongAccumulator rows = sc.longAccumulator("test.rowsRead");
    String group = "progress-test";
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

    sc.setJobGroup(group, "progress test", false);
    long started = System.nanoTime();
    ProgressReporter reporter = new ProgressReporter(sc, group, rows.id(),
        new InputSize(sc.hadoopConfiguration(), input::inputFiles, "parquet"), capture, started);
    try {
      input.javaRDD().foreachPartition(partition -> {
        while (partition.hasNext()) {
          partition.next();
          Thread.sleep(20);
          rows.add(1);
        }
      });
    } finally {
      reporter.close();
      sc.clearJobGroup();
    }

    assertTrue(shown.size() >= 2, "lines: " + shown);
    double firstSeconds = (shown.get(0).nanos() - started) / 1e9;
    assertTrue(firstSeconds <= 2, "the first line came after " + firstSeconds + " s");
    assertTrue(shown.stream().anyMatch(s -> s.tasksDone() == 0 && s.rows() > 0),
        "no line counted rows before the first task ended: " + shown);
    assertTrue(shown.stream().allMatch(s -> s.total() == 2 * ROWS_PER_FILE), "the footers' total: " + shown);
    for (int i = 1; i < shown.size(); i++) {
      assertTrue(shown.get(i).rows() >= shown.get(i - 1).rows(), "backwards: " + shown);
    }
    Shown end = Shown.of(0, last.get(0));
    assertEquals(2 * ROWS_PER_FILE, end.rows());
    assertEquals(2, end.tasksDone());
    assertEquals(2, end.tasksTotal());
    List<ProgressSample> samples = reporter.samples();
    assertEquals(shown.size() + 1, samples.size());
    assertEquals(2 * ROWS_PER_FILE, samples.get(samples.size() - 1).rows());
  }
}
