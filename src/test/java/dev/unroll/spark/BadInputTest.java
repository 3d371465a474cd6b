package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.FEATURES;
import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.partition.BadRowException;
import dev.unroll.spark.partition.TestModels;
import dev.unroll.spark.plan.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad rows under each policy, pre-flight failures, and a job that fails while writing. */
class BadInputTest {
  private final TestModels random = new TestModels(7);
  private final RnnModel model = RnnModel.of(Layer.of(random.gru(FEATURES, 4)));
  private final List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 40);

  @TempDir Path dir;

  private JobSummary run(JobConfig config) {
    return ScoringJob.run(spark(), config, TestModels.loaded(model), null);
  }

  @Test
  void skipAndQuarantineCountEveryBadRowAndQuarantineSaysWhy() {
    Path in = dir.resolve("in");
    JobFixture.writeWithBadRows(sequences, 2, in);
    JobSummary skipped = run(config(in, dir.resolve("skip"), "bad-rows", "skip"));
    assertEquals(List.of(46L, 40L, 6L, -1L), List.of(skipped.rowsRead(), skipped.rowsScored(),
        skipped.rowsRejected(), skipped.rowsQuarantined()));

    JobSummary quarantined = run(config(in, dir.resolve("q"), "bad-rows", "quarantine"));
    assertEquals(List.of(46L, 40L, 6L, 6L), List.of(quarantined.rowsRead(), quarantined.rowsScored(),
        quarantined.rowsRejected(), quarantined.rowsQuarantined()));
    assertEquals(40, spark().read().parquet(dir.resolve("q").toString()).count());
    Map<Long, String> reasons = spark().read().parquet(dir.resolve("q_quarantine").toString())
        .collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<Long>getAs("id"), r -> r.<String>getAs("reason"), (a, b) -> a, TreeMap::new));
    assertEquals(BAD_ROWS, reasons);
  }

  /** The problem with each of {@link JobFixture#writeWithBadRows}'s rows, by id, known from how it is built. */
  private static final Map<Long, String> BAD_ROWS = Map.of(
      900L, "column 'sequence': the sequence is null",
      901L, "column 'sequence': step 1 has 2 features, the model takes 3",
      902L, "column 'len': length 5 is outside 0..2 (the sequence holds 2 steps)",
      903L, "column 'sequence': value at step 1 feature 1 is NaN",
      904L, "column 'len': length -1 is outside 0..1 (the sequence holds 1 steps)",
      905L, "column 'len': length 3 is outside 0..0 (the sequence holds 0 steps)");

  @Test
  void aBadRowStopsTheJobInOneAttemptAndLeavesNothingAtOrBesideTheDestination() throws Exception {
    Path in = dir.resolve("in");
    // three files of good rows are scored and their tasks commit before the small file of bad rows
    // (Spark reads the largest files first) stops the job
    JobFixture.writeWithBadRows(sequences.subList(0, 30), 3, in, true);
    Path out = dir.resolve("out");
    Map<Integer, Integer> succeededByStage = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger retried = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo().successful()) {
          succeededByStage.merge(end.stageId(), 1, Integer::sum);
        } else if (end.taskInfo().failed()) {
          failed.incrementAndGet();
        }
        if (end.taskInfo().attemptNumber() > 0) {
          retried.incrementAndGet();
        }
      }
    };
    spark().sparkContext().addSparkListener(counter);
    BadRowException e;
    try {
      e = assertThrows(BadRowException.class, () -> run(config(in, out, "batch-size", "4", "sort-window", "4")));
    } finally {
      spark().sparkContext().listenerBus().waitUntilEmpty();
      spark().sparkContext().removeSparkListener(counter);
    }
    assertTrue(succeededByStage.values().stream().anyMatch(n -> n >= 2),
        "tasks of the write stage had written and committed their files: " + succeededByStage);
    // the shared session allows 4 attempts per task, as a cluster does: a bad row must not use them
    assertEquals(0, failed.get(), "no task fails on a bad row, so none is retried");
    assertEquals(0, retried.get(), "no task ran a second attempt");
    // which bad row the job meets first depends on the order Spark reads the rows: whichever it is, the
    // message names it with its own problem
    Matcher named = Pattern.compile("bad row with id = (\\d+): (.*)\\. The job stops").matcher(e.getMessage());
    assertTrue(named.lookingAt(), e.getMessage());
    assertEquals(BAD_ROWS.get(Long.parseLong(named.group(1))), named.group(2), e.getMessage());
    assertTrue(e.getMessage().contains("use --bad-rows skip or quarantine"), e.getMessage());
    // the committed tasks wrote into the run's staging folder, deleted once no task could write there
    assertFalse(Files.exists(out));
    try (var left = Files.list(dir)) {
      assertEquals(List.of("in"), left.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void preflightSaysWhatToChangeBeforeAnyWork() throws IOException {
    Path in = dir.resolve("in");
    JobFixture.write(sequences, "flat", "parquet", 1, in);
    assertEquals("--input " + dir.resolve("nowhere") + " does not exist: check the path",
        assertThrows(PreflightException.class, () -> run(config(dir.resolve("nowhere"), dir.resolve("o"))))
            .getMessage());
    String wrongType = assertThrows(PreflightException.class,
        () -> run(config(in, dir.resolve("o"), "sequence-column", "day"))).getMessage();
    assertTrue(wrongType.startsWith("column 'day' is string; a sequence column must be array<array<"), wrongType);
    assertTrue(assertThrows(PreflightException.class,
        () -> run(config(in, dir.resolve("o"), "id-column", "key"))).getMessage()
        .startsWith("--id-column names column 'key', which the input does not have; its columns are"));
    assertEquals("--feature-size 4 but the model takes 3 features per step: set --feature-size 3 or use"
        + " the matching model", assertThrows(PreflightException.class,
        () -> run(config(in, dir.resolve("o"), "feature-size", "4"))).getMessage());
    Files.createDirectories(dir.resolve("exists"));
    assertEquals("--output " + dir.resolve("exists") + " already exists and --mode is error: remove it,"
        + " choose another path, or use --mode overwrite or --mode append", assertThrows(
        PreflightException.class, () -> run(config(in, dir.resolve("exists")))).getMessage());
    assertFalse(Files.exists(dir.resolve("o")));
  }
}
