package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.FEATURES;
import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.floats;
import static dev.unroll.spark.JobFixture.read;
import static dev.unroll.spark.JobFixture.spark;
import static dev.unroll.spark.JobFixture.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.model.UnrollResult;
import dev.unroll.spark.partition.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole job on the shared local session, checked against the core run on each sequence alone. */
class ScoringJobTest {
  private final TestModels random = new TestModels(5);
  private final RnnModel model = RnnModel.of(Layer.of(random.lstm(FEATURES, 6)));
  private final List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 40);

  @TempDir Path dir;

  private JobSummary run(Path in, Path out, String... options) {
    return ScoringJob.run(spark(), config(in, out, options), TestModels.loaded(model), null);
  }

  private void assertMatchesCore(Map<Long, Row> rows) {
    assertEquals(sequences.size(), rows.size());
    for (JobFixture.Sequence s : sequences) {
      UnrollResult alone = TestModels.alone(model, FEATURES, s.valid());
      Row row = rows.get(s.id());
      assertArrayEquals(TestModels.topH(model, alone), floats(row, "h"), "h of id " + s.id());
      assertArrayEquals(TestModels.topC(model, alone), floats(row, "c"), "c of id " + s.id());
    }
  }

  @ParameterizedTest(name = "{0} as {1}, written as {2}")
  @CsvSource({"nested, parquet, parquet", "flat-double, json, parquet", "nested-double, orc, orc",
      "flat, parquet, parquet"})
  void everyLayoutAndFormatGivesExactlyTheCoresStates(String layout, String format, String outputFormat) {
    Path in = dir.resolve("in");
    write(sequences, layout, format, 2, in);
    JobSummary summary = run(in, dir.resolve("out"), "input-format", format, "output-format", outputFormat);
    assertMatchesCore(read(dir.resolve("out"), outputFormat));
    assertEquals(40, summary.rowsRead());
    assertEquals(40, summary.rowsScored());
    assertTrue(Files.exists(dir.resolve("out").resolve(ScoringJob.SUMMARY_FILE)));
  }

  @Test
  void theNoopSinkScoresAndReconcilesEveryRowAndLeavesNothingBehind() throws IOException {
    Path in = dir.resolve("in");
    JobFixture.writeWithBadRows(sequences, 2, in);
    Path out = dir.resolve("out");
    JobSummary summary = run(in, out, "output-format", "noop", "bad-rows", "quarantine");
    assertEquals(46, summary.rowsRead());
    assertEquals(40, summary.rowsScored());
    assertEquals(6, summary.rowsRejected());
    assertFalse(Files.exists(out), "nothing at --output");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(in), left.toList(), "no staging folder or quarantine output beside the input");
    }
  }

  @Test
  void resultsDoNotDependOnPartitioningBatchSizeOrWindow() {
    Path in1 = dir.resolve("one-file");
    Path in3 = dir.resolve("three-files");
    write(sequences, "nested", "parquet", 1, in1);
    write(sequences, "nested", "parquet", 3, in3);
    JobSummary a = run(in1, dir.resolve("a"), "batch-size", "1", "sort-window", "1");
    JobSummary b = run(in3, dir.resolve("b"), "batch-size", "7", "sort-window", "21");
    assertEquals(1, a.partitions());
    assertEquals(3, b.partitions());
    assertMatchesCore(read(dir.resolve("a"), "parquet"));
    assertMatchesCore(read(dir.resolve("b"), "parquet"));
  }
}
