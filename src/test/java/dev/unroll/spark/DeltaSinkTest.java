package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.FEATURES;
import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.partition.BadRowException;
import dev.unroll.spark.partition.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta Lake as the sink: its commit is the publish, checked against the rows scored from the log. */
class DeltaSinkTest {
  private final TestModels random = new TestModels(13);
  private final RnnModel model = RnnModel.of(Layer.of(random.lstm(FEATURES, 2)));
  private final List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 30);

  @TempDir Path dir;

  private JobSummary run(JobConfig config) {
    return ScoringJob.run(spark(), config, TestModels.loaded(model), null);
  }

  private static List<String> rows(Path table) {
    return spark().read().format("delta").load(table.toString()).collectAsList().stream().map(Row::toString)
        .sorted().toList();
  }

  private static List<String> commits(Path table) throws IOException {
    try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      return log.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void eachRunIsOneDeltaCommitOfExactlyItsRows() throws IOException {
    Path in = dir.resolve("in");
    JobFixture.write(sequences, "nested", "parquet", 2, in);
    Path table = dir.resolve("table");
    run(config(in, table, "output-format", "delta"));
    assertEquals(30, rows(table).size());
    run(config(in, table, "output-format", "delta", "mode", "append"));
    assertEquals(60, rows(table).size());
    assertEquals(List.of("00000000000000000000.json", "00000000000000000001.json"), commits(table));
    String commit = Files.readString(table.resolve("_delta_log/00000000000000000001.json"));
    assertTrue(commit.contains("\"userMetadata\":\"unroll run "), commit);
    assertTrue(Files.exists(table.resolve(ScoringJob.SUMMARY_FILE)));
  }

  @Test
  void aBadRowUnderFailLeavesTheTableAtItsLastCommit() throws Exception {
    Path in = dir.resolve("in");
    JobFixture.write(sequences, "nested", "parquet", 2, in);
    Path table = dir.resolve("table");
    run(config(in, table, "output-format", "delta"));
    List<String> before = rows(table);

    Path bad = dir.resolve("bad");
    JobFixture.writeWithBadRows(sequences.subList(0, 10), 2, bad);
    AtomicInteger failedAttempts = new AtomicInteger();
    SparkListener failures = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo().failed()) {
          failedAttempts.incrementAndGet();
        }
      }
    };
    spark().sparkContext().addSparkListener(failures);
    BadRowException e;
    try {
      e = assertThrows(BadRowException.class,
          () -> run(config(bad, table, "output-format", "delta", "mode", "overwrite")));
    } finally {
      spark().sparkContext().listenerBus().waitUntilEmpty();
      spark().sparkContext().removeSparkListener(failures);
    }
    // the task fails here (Delta commits whatever succeeded), but the job stops before its 4th attempt
    assertTrue(failedAttempts.get() >= 1 && failedAttempts.get() < 4, "failed attempts: " + failedAttempts);
    assertTrue(e.getMessage().startsWith("bad row with id = 90"), e.getMessage());
    assertEquals(before, rows(table));
    assertEquals(List.of("00000000000000000000.json"), commits(table));
  }
}
