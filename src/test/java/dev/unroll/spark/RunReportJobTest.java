package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.FEATURES;
import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.report.BadRowStats;
import dev.unroll.report.Comparison;
import dev.unroll.report.EmbeddingStats;
import dev.unroll.report.Histogram;
import dev.unroll.report.RunReport;
import dev.unroll.report.RunStats;
import dev.unroll.report.StatsJson;
import dev.unroll.spark.partition.TestModels;
import dev.unroll.spark.plan.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run report's statistics, gathered on the executors, against the same figures computed directly
 * by Spark SQL over the Parquet the job wrote (norms, per-dimension moments, saturation) and from the
 * test's own input (lengths, bad rows); where the report goes; and drift between runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunReportJobTest {
  private final TestModels random = new TestModels(21);
  private final RnnModel model = RnnModel.of(Layer.of(random.lstm(FEATURES, 5)));
  private final List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 300);

  private Path dir;
  private Path input;
  private Path output;
  private RunStats stats;

  @BeforeAll
  void scoreOnce(@TempDir Path dir) throws IOException {
    this.dir = dir;
    input = dir.resolve("in");
    JobFixture.writeWithBadRows(sequences, 3, input);
    output = dir.resolve("out");
    run(model, output, "bad-rows", "skip");
    stats = StatsJson.read(Files.readString(output.resolve(RunReport.STATS_FILE)), "stats");
  }

  private JobSummary run(RnnModel m, Path out, String... options) {
    return ScoringJob.run(spark(), config(input, out, options), TestModels.loaded(m), null);
  }

  @Test
  void lengthsAreTheScoredSequencesValidSteps() {
    Map<Integer, Long> expected = new TreeMap<>();
    sequences.forEach(s -> expected.merge(s.length(), 1L, Long::sum));
    Histogram lengths = stats.lengths();
    assertEquals(sequences.size(), lengths.count());
    for (Map.Entry<Integer, Long> e : expected.entrySet()) {
      int bin = java.util.stream.IntStream.range(0, Histogram.BINS)
          .filter(b -> Histogram.lowerBound(b) == e.getKey()).findFirst().orElseThrow();
      assertEquals(e.getValue(), lengths.count(bin), "sequences of " + e.getKey() + " steps");
    }
  }

  @Test
  void normsMomentsAndSaturationEqualSparkSqlOverTheWrittenParquet() {
    Dataset<Row> out = spark().read().parquet(output.toString());
    for (String column : List.of("h", "c")) {
      Row direct = out.selectExpr("sqrt(aggregate(" + column + ", 0D, (a, x) -> a + cast(x as double) * x)) AS norm",
              "size(filter(" + column + ", x -> abs(x) > 0.99)) AS saturated", "size(" + column + ") AS width")
          .selectExpr("count(*)", "avg(norm)", "min(norm)", "max(norm)", "sum(saturated)", "sum(width)")
          .first();
      EmbeddingStats e = stats.embedding(column);
      assertEquals(direct.getLong(0), e.norms().count(), column + " rows");
      // both sum the same float squares in double; only the order differs
      assertEquals(direct.getDouble(1), e.norms().mean(), 1e-12, column + " mean norm");
      assertEquals(direct.getDouble(2), e.norms().min(), 1e-12, column + " min norm");
      assertEquals(direct.getDouble(3), e.norms().max(), 1e-12, column + " max norm");
      assertEquals(direct.getLong(4), e.saturated(), column + " saturated values");
      assertEquals(direct.getLong(5), e.values(), column + " values");
      assertEquals(0, e.nonFiniteRows());

      List<Row> dims = out.selectExpr("posexplode(" + column + ") AS (d, v)").groupBy("d")
          .agg(org.apache.spark.sql.functions.expr("avg(v)"), org.apache.spark.sql.functions.expr("stddev_pop(v)"))
          .orderBy("d").collectAsList();
      assertEquals(e.dims().width(), dims.size());
      for (Row d : dims) {
        int k = d.getInt(0);
        assertEquals(d.getDouble(1), e.dims().mean(k), 1e-12, column + " mean of dimension " + k);
        assertEquals(d.getDouble(2), e.dims().std(k), 1e-9, column + " std of dimension " + k);
      }
    }
  }

  @Test
  void badRowsAreCountedByReasonWithTheirIds() {
    BadRowStats bad = stats.badRows();
    assertEquals(6, bad.total());
    List<String> ids = bad.byReason().keySet().stream().flatMap(r -> bad.examples(r).stream()).sorted().toList();
    assertEquals(List.of("900", "901", "902", "903", "904", "905"), ids);
  }

  @Test
  void everyTaskIsTimedOnceAndTheRowsOverTimeAddUpToTheRowsRead() {
    assertEquals(List.of(0, 1, 2), stats.tasks().stream().map(t -> t.partition()).toList());
    long rows = stats.tasks().stream().mapToLong(t -> t.rows()).sum();
    assertEquals(sequences.size() + 6, rows);
    double timeline = stats.throughput().rowsByStart().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(rows, timeline, 1e-6);
  }

  @Test
  void theReportIsPublishedWithTheOutputAndHoldsTheSummaryFigures() throws IOException {
    String page = Files.readString(output.resolve(RunReport.FILE));
    assertTrue(page.contains("data-key=\"rowsRead\">" + (sequences.size() + 6) + "<"));
    assertTrue(page.contains("data-key=\"rowsScored\">" + sequences.size() + "<"));
  }

  @Test
  void reportNoneWritesNeitherThePageNorTheStatistics() {
    Path out = dir.resolve("none");
    run(model, out, "bad-rows", "skip", "report", "none");
    assertTrue(Files.exists(out.resolve(ScoringJob.SUMMARY_FILE)));
    assertFalse(Files.exists(out.resolve(RunReport.FILE)));
    assertFalse(Files.exists(out.resolve(RunReport.STATS_FILE)));
  }

  @Test
  void aReportSentElsewhereLandsThereOnlyAndIntoAMissingFolderIsRefusedBeforeAnyWork() throws IOException {
    Path out = dir.resolve("elsewhere");
    Path page = dir.resolve("pages").resolve("run.html");
    Files.createDirectories(page.getParent());
    run(model, out, "bad-rows", "skip", "report", page.toString());
    assertTrue(Files.readString(page).contains("unroll run report"));
    assertFalse(Files.exists(out.resolve(RunReport.FILE)));
    assertTrue(Files.exists(out.resolve(RunReport.STATS_FILE)));
    try (var left = Files.list(page.getParent())) {
      assertEquals(List.of(page), left.toList(), "no pending file left beside the report");
    }

    Path nowhere = dir.resolve("no-such-folder").resolve("run.html");
    PreflightException e = assertThrows(PreflightException.class,
        () -> run(model, dir.resolve("never"), "bad-rows", "skip", "report", nowhere.toString()));
    assertTrue(e.getMessage().startsWith("--report " + nowhere + ": the folder "), e.getMessage());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void aReportInsideTheInputIsRefusedBeforeAnyWork() {
    Path inside = input.resolve("report.html");
    PreflightException e = assertThrows(PreflightException.class,
        () -> run(model, dir.resolve("never2"), "bad-rows", "skip", "report", inside.toString()));
    assertTrue(e.getMessage().startsWith("--report "), e.getMessage());
    assertTrue(e.getMessage().contains("--input"), e.getMessage());
    assertFalse(Files.exists(inside));
    assertFalse(Files.exists(dir.resolve("never2")));
  }

  @Test
  void twoRunsOfTheSameInputAreZeroApartAndAChangedModelIsNot() throws IOException {
    Path again = dir.resolve("again");
    run(model, again, "bad-rows", "skip");
    RunStats second = StatsJson.read(Files.readString(again.resolve(RunReport.STATS_FILE)), "again");
    Comparison same = new Comparison(stats, second);
    assertEquals(3, same.distances().size(), "lengths, h norm, c norm");
    same.distances().forEach(d -> assertEquals(0, d.ks(), d.statistic()));

    Path changed = dir.resolve("changed");
    run(RnnModel.of(Layer.of(new TestModels(22).lstm(FEATURES, 5))), changed, "bad-rows", "skip");
    RunStats third = StatsJson.read(Files.readString(changed.resolve(RunReport.STATS_FILE)), "changed");
    Comparison moved = new Comparison(stats, third);
    assertEquals(0, moved.distances().get(0).ks(), "the lengths did not change");
    assertTrue(moved.distances().get(1).ks() > 0.1, "h norm KS " + moved.distances().get(1).ks());
  }
}
