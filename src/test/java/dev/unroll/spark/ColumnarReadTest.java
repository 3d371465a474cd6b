package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.FEATURES;
import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.spark;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.partition.ColumnarInput;
import dev.unroll.spark.partition.TestModels;
import dev.unroll.spark.plan.Preflight;
import dev.unroll.spark.read.ReaderOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet input is read as the scan's column batches, every other input as rows, and both reads give
 * the same job: the same states bit for bit, the same pass-through values, the same rejects with the
 * same reasons, the same quarantine; and so do unroll's Parquet reader and Spark's.
 */
class ColumnarReadTest {
  private static final String VECTORIZED = "spark.sql.parquet.enableVectorizedReader";
  private final TestModels random = new TestModels(13);
  private final RnnModel model = RnnModel.of(Layer.of(random.lstm(FEATURES, 4)));

  @TempDir Path dir;

  /** The scoring pass's selection of {@code input} (the length cast to a long, the day passed through). */
  private Dataset<Row> selected(Dataset<Row> input) {
    JobConfig config = config(dir, dir.resolve("unused"), "pass-through", "day");
    Column[] selection = Preflight.plan(input.schema(), config.input(), config.output(), config.run(), model, null)
        .input().selection();
    return input.select(selection);
  }

  @Test
  void parquetIsReadAsColumnBatchesAndOtherInputsAsRows() {
    Path parquet = dir.resolve("parquet");
    Path json = dir.resolve("json");
    List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 10);
    JobFixture.write(sequences, "nested", "parquet", 2, parquet);
    JobFixture.write(sequences, "nested", "json", 1, json);

    assertTrue(ColumnarInput.of(selected(spark().read().parquet(parquet.toString()))).columnar());
    ColumnarInput fromJson = ColumnarInput.of(selected(spark().read().schema(
        spark().read().parquet(parquet.toString()).schema()).json(json.toString())));
    assertFalse(fromJson.columnar());
    assertTrue(fromJson.reason().contains("not a columnar scan"), fromJson.reason());
    ColumnarInput filtered = ColumnarInput.of(selected(spark().read().parquet(parquet.toString()).where("id > 3")));
    assertFalse(filtered.columnar(), "a filter between the scan and the selection is read as rows");
    ColumnarInput computed = ColumnarInput.of(spark().read().parquet(parquet.toString())
        .select(col("id").plus(1).as("id"), col("sequence"), col("len").cast("long").as("len")));
    assertTrue(computed.reason().contains("computed"), computed.reason());
    Path withNtz = dir.resolve("ntz");
    spark().read().parquet(parquet.toString()).withColumn("day", functions.expr("timestamp_ntz'2026-01-01 00:00:00'"))
        .write().parquet(withNtz.toString());
    ColumnarInput ntz = ColumnarInput.of(selected(spark().read().parquet(withNtz.toString())));
    assertFalse(ntz.columnar(), "a column type a batch row cannot hand out: rows");
    assertTrue(ntz.reason().contains("timestamp_ntz"), ntz.reason());
    assertFalse(withVectorizedReaderOff(() -> ColumnarInput.of(selected(spark().read().parquet(parquet.toString()))))
        .columnar(), "the vectorized reader off: rows");
  }

  @Test
  void columnBatchesAndRowsGiveTheSameStatesRejectsAndQuarantine() {
    Path in = dir.resolve("in");
    JobFixture.writeWithBadRows(JobFixture.sequences(random, 60), 3, in);
    String[] flags = {"bad-rows", "quarantine", "pass-through", "day", "batch-size", "4", "sort-window", "16"};
    JobSummary columnar = ScoringJob.run(spark(), config(in, dir.resolve("columnar"), flags),
        TestModels.loaded(model), null);
    JobSummary rows = withVectorizedReaderOff(() -> ScoringJob.run(spark(),
        config(in, dir.resolve("rows"), flags), TestModels.loaded(model), null));

    assertEquals(List.of(66L, 60L, 6L, 6L), List.of(columnar.rowsRead(), columnar.rowsScored(),
        columnar.rowsRejected(), columnar.rowsQuarantined()));
    assertEquals(List.of(rows.rowsRead(), rows.rowsScored(), rows.rowsRejected(), rows.rowsQuarantined()),
        List.of(columnar.rowsRead(), columnar.rowsScored(), columnar.rowsRejected(), columnar.rowsQuarantined()));
    Map<Long, List<Object>> scored = bits(dir.resolve("columnar"));
    assertEquals(60, scored.size());
    assertEquals(bits(dir.resolve("rows")), scored);
    Map<Long, List<Object>> quarantined = bits(dir.resolve("columnar_quarantine"));
    assertEquals(6, quarantined.size());
    assertEquals(bits(dir.resolve("rows_quarantine")), quarantined);
  }

  @Test
  void flatSequencesReadAsColumnBatchesGiveTheSameStatesAsRows() {
    Path in = dir.resolve("flat");
    JobFixture.write(JobFixture.sequences(random, 30), "flat", "parquet", 2, in);
    ScoringJob.run(spark(), config(in, dir.resolve("columnar"), "pass-through", "day"), TestModels.loaded(model), null);
    withVectorizedReaderOff(() -> ScoringJob.run(spark(), config(in, dir.resolve("rows"), "pass-through", "day"),
        TestModels.loaded(model), null));
    Map<Long, List<Object>> scored = bits(dir.resolve("columnar"));
    assertEquals(30, scored.size());
    assertEquals(bits(dir.resolve("rows")), scored);
  }

  @Test
  void unrollsParquetReaderAndSparksGiveTheSameStatesRejectsAndQuarantine() {
    Path in = dir.resolve("in");
    JobFixture.writeWithBadRows(JobFixture.sequences(random, 40), 2, in);
    String[] flags = {"bad-rows", "quarantine", "pass-through", "day", "batch-size", "4", "sort-window", "16"};
    assertTrue(ColumnarInput.of(selected(spark().read().parquet(in.toString()))).unrollReader());
    JobSummary unroll = ScoringJob.run(spark(), config(in, dir.resolve("unroll"), flags), TestModels.loaded(model), null);
    spark().conf().set(ReaderOption.KEY, "spark");
    JobSummary sparks;
    try {
      sparks = ScoringJob.run(spark(), config(in, dir.resolve("spark"), flags), TestModels.loaded(model), null);
    } finally {
      spark().conf().unset(ReaderOption.KEY);
    }
    assertEquals(List.of(46L, 40L, 6L), List.of(unroll.rowsRead(), unroll.rowsScored(), unroll.rowsQuarantined()));
    assertEquals(List.of(sparks.rowsRead(), sparks.rowsScored(), sparks.rowsQuarantined()),
        List.of(unroll.rowsRead(), unroll.rowsScored(), unroll.rowsQuarantined()));
    Map<Long, List<Object>> scored = bits(dir.resolve("unroll"));
    assertEquals(40, scored.size());
    assertEquals(bits(dir.resolve("spark")), scored);
    assertEquals(bits(dir.resolve("spark_quarantine")), bits(dir.resolve("unroll_quarantine")));
  }

  private static <T> T withVectorizedReaderOff(Supplier<T> run) {
    spark().conf().set(VECTORIZED, "false");
    try {
      return run.get();
    } finally {
      spark().conf().unset(VECTORIZED);
    }
  }

  /** The rows of a Parquet output by id, every float as its raw bits, so that equal means bit-identical. */
  private static Map<Long, List<Object>> bits(Path out) {
    Map<Long, List<Object>> rows = new TreeMap<>();
    for (Row r : spark().read().parquet(out.toString()).collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        values.add(bits(r.get(i)));
      }
      rows.put(r.<Long>getAs("id"), values);
    }
    return rows;
  }

  private static Object bits(Object value) {
    if (value instanceof Float f) {
      return Float.floatToRawIntBits(f);
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < seq.size(); i++) {
        list.add(bits(seq.apply(i)));
      }
      return list;
    }
    return value;
  }
}
