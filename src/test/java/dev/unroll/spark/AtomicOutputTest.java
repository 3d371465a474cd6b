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
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's outputs are all or nothing: a rerun over a killed run's debris is refused or exact, a
 * failed overwrite keeps the old output, and an output never lands on what the job reads.
 */
class AtomicOutputTest {
  private final TestModels random = new TestModels(11);
  private final RnnModel model = RnnModel.of(Layer.of(random.gru(FEATURES, 3)));
  private final List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 30);

  @TempDir Path dir;
  private Path in;

  @BeforeEach
  void input() {
    in = dir.resolve("in");
    JobFixture.write(sequences, "nested", "parquet", 2, in);
  }

  private JobSummary run(JobConfig config) {
    return ScoringJob.run(spark(), config, TestModels.loaded(model), null);
  }

  private static List<Row> rows(Path out) {
    return spark().read().parquet(out.toString()).collectAsList();
  }

  private static long distinctIds(Path out) {
    return spark().read().parquet(out.toString()).select("id").distinct().count();
  }

  /** Copies the part files of a finished output to {@code target}/{@code folder}/, as a dead job left them. */
  private static void copyParts(Path finished, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(finished)) {
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        Files.copy(part, target.resolve(part.getFileName()));
      }
    }
  }

  @Test
  void aKilledDriversTaskFilesAreRefusedInErrorAndAppendModeAndNeverSweptIn() throws IOException {
    Path scratch = dir.resolve("scratch");
    run(config(in, scratch));
    // a driver killed after its tasks committed leaves their files under _temporary/0/task_*/, no _SUCCESS
    Path out = dir.resolve("out");
    copyParts(scratch, out.resolve("_temporary/0/task_202611300102_0003_m_000000"));

    for (String mode : List.of("error", "append")) {
      String refused = assertThrows(PreflightException.class, () -> run(config(in, out, "mode", mode))).getMessage();
      assertTrue(refused.startsWith("debris of an interrupted run at --output " + out + ": "), refused);
      assertTrue(refused.contains("_temporary holds the task files of a Spark job"), refused);
      assertTrue(refused.endsWith("Remove it, or rerun with --clean-debris (only when no other job writes to "
          + out + ")"), refused);
    }
    JobSummary summary = run(config(in, out, "mode", "append", "clean-debris", "true"));
    assertEquals(30, summary.rowsScored());
    assertEquals(30, rows(out).size(), "one row per input row, none of the dead job's");
    assertEquals(30, distinctIds(out));
  }

  @Test
  void aStagingFolderOfAKilledRunIsRefusedAndCleaningItKeepsItsRowsOut() throws IOException {
    Path out = dir.resolve("out");
    run(config(in, out));
    copyParts(out, dir.resolve(".out.unroll-staging-20261130T010203Z-1abcdef0"));

    String refused = assertThrows(PreflightException.class,
        () -> run(config(in, out, "mode", "append"))).getMessage();
    assertTrue(refused.contains("run 20261130T010203Z-1abcdef0 never published"), refused);
    run(config(in, out, "mode", "append", "clean-debris", "true"));
    assertEquals(60, rows(out).size(), "the first run's 30 rows and the append's 30, not the dead run's");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of("in", "out"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void anOverwriteThatFailsKeepsTheOldOutputWhole() throws IOException {
    Path out = dir.resolve("out");
    run(config(in, out));
    List<Row> before = rows(out);
    Path bad = dir.resolve("bad");
    JobFixture.writeWithBadRows(sequences.subList(0, 10), 2, bad);

    assertThrows(BadRowException.class, () -> run(config(bad, out, "mode", "overwrite")));
    List<Row> after = rows(out);
    assertEquals(30, after.size());
    assertEquals(before.stream().map(Row::toString).sorted().toList(),
        after.stream().map(Row::toString).sorted().toList());
    assertTrue(Files.exists(out.resolve(ScoringJob.SUMMARY_FILE)));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of("bad", "in", "out"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void anOutputSpelledAsTheInputIsRefusedBeforeAnyWorkAndTheInputKept() throws IOException {
    long inputRows = spark().read().parquet(in.toString()).count();
    String spelled = dir + "/./in/";
    String refused = assertThrows(PreflightException.class,
        () -> run(config(in, Path.of(spelled), "mode", "overwrite"))).getMessage();
    assertEquals("--output " + dir + "/./in is the same path as --input " + in + " (both are file:"
        + in.toRealPath() + "): choose another --output", refused);
    String quarantine = assertThrows(PreflightException.class, () -> run(config(in, dir.resolve("out"),
        "bad-rows", "quarantine", "quarantine-output", dir + "/in/../in/q", "mode", "overwrite"))).getMessage();
    assertTrue(quarantine.startsWith("the quarantine output " + dir + "/in/../in/q lies inside --input " + in),
        quarantine);
    assertEquals(inputRows, spark().read().parquet(in.toString()).count());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  /** {@code sequences} and the six bad rows, all of {@code day}. */
  private Path dayInput(String day, List<JobFixture.Sequence> of) {
    Path raw = dir.resolve("raw-" + day);
    JobFixture.writeWithBadRows(of, 1, raw);
    Path path = dir.resolve("in-" + day);
    spark().read().parquet(raw.toString()).withColumn("day", functions.lit(day)).write().parquet(path.toString());
    return path;
  }

  @Test
  void aDailyPartitionedRunKeepsEarlierDaysQuarantinedRows() {
    Path out = dir.resolve("features");
    String[] daily = {"pass-through", "day", "partition-by", "day", "mode", "overwrite",
        "dynamic-partition-overwrite", "true", "bad-rows", "quarantine"};
    run(config(dayInput("2026-11-24", sequences.subList(0, 10)), out, daily));
    Path day25 = dayInput("2026-11-25", sequences.subList(10, 22));
    run(config(day25, out, daily));
    // and day 25 again: a rerun replaces its own day in both outputs
    run(config(day25, out, daily));

    var scores = spark().read().parquet(out.toString());
    assertEquals(10, scores.where("day = '2026-11-24'").count());
    assertEquals(12, scores.where("day = '2026-11-25'").count());
    Path quarantine = dir.resolve("features_quarantine");
    assertTrue(Files.isDirectory(quarantine.resolve("day=2026-11-24")), "the quarantine is partitioned by day");
    var rejected = spark().read().parquet(quarantine.toString());
    assertEquals(6, rejected.where("day = '2026-11-24'").count(), "yesterday's bad rows are still there");
    assertEquals(6, rejected.where("day = '2026-11-25'").count());
    assertEquals(List.of(900L, 901L, 902L, 903L, 904L, 905L), rejected.where("day = '2026-11-24'")
        .select("id").collectAsList().stream().map(r -> r.getLong(0)).sorted().toList());
  }
}
