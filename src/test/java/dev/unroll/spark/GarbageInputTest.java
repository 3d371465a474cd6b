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
import dev.unroll.spark.partition.TestModels;
import dev.unroll.spark.plan.PreflightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that cannot be what the model was trained on is refused, not scored into an empty success: a
 * width no row has, the wrong --input-format, an empty folder, more rejected rows than --max-rejected,
 * and rows with a null id.
 */
class GarbageInputTest {
  private final TestModels random = new TestModels(11);
  private final RnnModel model = RnnModel.of(Layer.of(random.gru(FEATURES, 4)));
  private final List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 40);

  @TempDir Path dir;

  private JobSummary run(RnnModel m, JobConfig config) {
    return ScoringJob.run(spark(), config, TestModels.loaded(m), null);
  }

  @Test
  void aModelTakingFourFeaturesOnThreeFeatureDataIsRefusedBeforeAnyWork() {
    Path in = dir.resolve("in");
    JobFixture.write(sequences, "nested", "parquet", 1, in);
    RnnModel four = RnnModel.of(Layer.of(random.gru(4, 4)));
    PreflightException e = assertThrows(PreflightException.class,
        () -> run(four, config(in, dir.resolve("o"), "bad-rows", "skip")));
    assertEquals("column 'sequence': the model takes 4 features per step but the steps of the first 40 rows"
        + " hold 3: use the model trained on this data, or check --sequence-column", e.getMessage());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void aFlatArrayWithNoMultipleOfTheFeatureSizeIsRefusedBeforeAnyWork() {
    Path in = dir.resolve("in");
    // every stored array holds 3 x steps floats, steps 0..9 with step 0 skipped: 3, 6, ..., 27; with
    // --feature-size 3 and a 3-feature model they fit; a 10-feature model fits none of them
    JobFixture.write(sequences, "flat", "parquet", 1, in);
    RnnModel ten = RnnModel.of(Layer.of(random.gru(10, 4)));
    PreflightException e = assertThrows(PreflightException.class,
        () -> run(ten, config(in, dir.resolve("o"))));
    assertTrue(e.getMessage().startsWith("column 'sequence': 10 features per step (--feature-size or the model's"
        + " input size) but none of the first 40 rows holds a multiple of 10 values (they hold 3, 6, 9, 12,"),
        e.getMessage());
  }

  @Test
  void jsonOrOrcReadAsParquetSaysWhatWasFoundAndWhichFlagToChange() {
    Path json = dir.resolve("json");
    Path orc = dir.resolve("orc");
    JobFixture.write(sequences, "nested", "json", 1, json);
    JobFixture.write(sequences, "nested", "orc", 1, orc);
    String jsonError = assertThrows(PreflightException.class, () -> run(model, config(json, dir.resolve("o"))))
        .getMessage();
    assertTrue(jsonError.startsWith("--input " + json + " holds json files (part-"), jsonError);
    assertTrue(jsonError.endsWith(" is json), not parquet: set --input-format json"), jsonError);
    String orcError = assertThrows(PreflightException.class, () -> run(model, config(orc, dir.resolve("o"))))
        .getMessage();
    assertTrue(orcError.endsWith(" is orc), not parquet: set --input-format orc"), orcError);
    String backwards = assertThrows(PreflightException.class,
        () -> run(model, config(orc, dir.resolve("o"), "input-format", "json"))).getMessage();
    assertTrue(backwards.endsWith(" is orc), not json: set --input-format orc"), backwards);
    // the right flag reads them
    assertEquals(40, run(model, config(orc, dir.resolve("o"), "input-format", "orc")).rowsScored());
  }

  @Test
  void anEmptyInputFolderIsAPreflightError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals("--input " + empty + " holds no data files (it is empty): check --input",
        assertThrows(PreflightException.class, () -> run(model, config(empty, dir.resolve("o")))).getMessage());
    Files.createFile(empty.resolve("_SUCCESS"));
    assertEquals("--input " + empty + " holds no data files (only _SUCCESS): check --input",
        assertThrows(PreflightException.class, () -> run(model, config(empty, dir.resolve("o")))).getMessage());
  }

  @Test
  void aRunRejectingEveryRowFailsByDefaultAndWritesNothing() {
    Path in = dir.resolve("in");
    writeRows(in, 10, true);
    Path out = dir.resolve("out");
    RejectedRowsException e = assertThrows(RejectedRowsException.class,
        () -> run(model, config(in, out, "bad-rows", "skip")));
    assertEquals("the job rejected 10 of 10 rows under --bad-rows skip, more than --max-rejected allows (50% of"
        + " the rows read: 5); nothing was written. Check that the input and the model belong together"
        + " (--bad-rows quarantine says why each row was rejected), or raise --max-rejected", e.getMessage());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(dir.resolve("out_quarantine")));
  }

  @Test
  void maxRejectedTakesACountOrAFractionAndAnAppendOverItKeepsTheOldRowsOnly() {
    Path in = dir.resolve("in");
    JobFixture.writeWithBadRows(sequences, 2, in); // 46 rows, 6 of them bad
    assertEquals(6, run(model, config(in, dir.resolve("six"), "bad-rows", "skip", "max-rejected", "6"))
        .rowsRejected());
    assertThrows(RejectedRowsException.class,
        () -> run(model, config(in, dir.resolve("five"), "bad-rows", "skip", "max-rejected", "5")));
    assertFalse(Files.exists(dir.resolve("five")));
    // 13% of 46 is 5.98: at most 5 rows
    assertThrows(RejectedRowsException.class,
        () -> run(model, config(in, dir.resolve("pct"), "bad-rows", "quarantine", "max-rejected", "13%")));
    assertFalse(Files.exists(dir.resolve("pct")));
    assertFalse(Files.exists(dir.resolve("pct_quarantine")));

    Path good = dir.resolve("good");
    JobFixture.write(sequences, "nested", "parquet", 1, good);
    Path table = dir.resolve("table");
    run(model, config(good, table, "mode", "append"));
    assertThrows(RejectedRowsException.class, () -> run(model,
        config(in, table, "bad-rows", "skip", "mode", "append", "max-rejected", "0.1")));
    assertEquals(40, spark().read().parquet(table.toString()).count());
  }

  @Test
  void aNullIdIsABadRow() {
    Path in = dir.resolve("in");
    writeRows(in, 4, false);
    JobSummary summary = run(model, config(in, dir.resolve("q"), "bad-rows", "quarantine"));
    assertEquals(List.of(5L, 4L, 1L), List.of(summary.rowsRead(), summary.rowsScored(), summary.rowsRejected()));
    Row bad = spark().read().parquet(dir.resolve("q_quarantine").toString()).collectAsList().get(0);
    assertTrue(bad.isNullAt(bad.fieldIndex("id")));
    assertEquals("column 'id': the id is null, so its result could not be told apart", bad.getAs("reason"));
    Map<Long, Row> scored = JobFixture.read(dir.resolve("q"), "parquet");
    assertEquals(List.of(0L, 1L, 2L, 3L), scored.keySet().stream().sorted().toList());
  }

  @Test
  void aDoubleTooLargeForFloatIsNamedAsAnOverflowAndQuarantinedAsStored() {
    Path in = dir.resolve("in");
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
    List<Row> rows = List.of(
        RowFactory.create(1L, new Object[] {new double[] {0.5, 0.25, -1}}),
        RowFactory.create(2L, new Object[] {new double[] {0.5, 0.25, -1}, new double[] {1, 1e300, 0}}));
    spark().createDataFrame(rows, schema).coalesce(1).write().parquet(in.toString());
    Map<String, String> flags = new java.util.HashMap<>(Map.of("weights", "in-code", "input", in.toString(),
        "output", dir.resolve("q").toString(), "progress-interval", "0", "bad-rows", "quarantine"));
    JobSummary summary = run(model, dev.unroll.config.ConfigResolver.resolve(flags, Map.of()));
    assertEquals(List.of(2L, 1L, 1L), List.of(summary.rowsRead(), summary.rowsScored(), summary.rowsRejected()));
    Row bad = spark().read().parquet(dir.resolve("q_quarantine").toString()).collectAsList().get(0);
    assertEquals("column 'sequence': value at step 1 feature 1 is Infinity, beyond float32's range (+-3.4e38)",
        bad.getAs("reason"));
    List<scala.collection.Seq<Double>> steps = bad.getList(bad.fieldIndex("sequence"));
    List<List<Double>> stored = steps.stream().map(dev.unroll.spark.partition.ScalaCollections::asJava).toList();
    assertEquals(List.of(List.of(0.5, 0.25, -1.0), List.of(1.0, 1e300, 0.0)), stored);
  }

  @Test
  void duplicateIdsAreEachScoredAndWrittenAsTheyCome() {
    Path in = dir.resolve("in");
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));
    float[] a = {0.5f, 0.25f, -1f};
    float[] b = {1f, 0f, 2f};
    spark().createDataFrame(List.of(RowFactory.create(7L, new Object[] {a}), RowFactory.create(7L, new Object[] {b})),
        schema).coalesce(1).write().parquet(in.toString());
    Map<String, String> flags = new java.util.HashMap<>(Map.of("weights", "in-code", "input", in.toString(),
        "output", dir.resolve("o").toString(), "progress-interval", "0"));
    assertEquals(2, run(model, dev.unroll.config.ConfigResolver.resolve(flags, Map.of())).rowsScored());
    List<List<Float>> h = spark().read().parquet(dir.resolve("o").toString()).collectAsList().stream()
        .map(r -> r.<Float>getList(r.fieldIndex("h"))).sorted(java.util.Comparator.comparing(Object::toString))
        .toList();
    // each row's h is its own sequence's, as the core computes it alone
    List<List<Float>> expected = java.util.stream.Stream.of(a, b)
        .map(x -> TestModels.topH(model, TestModels.alone(model, FEATURES, x))).map(GarbageInputTest::boxed)
        .sorted(java.util.Comparator.comparing(Object::toString)).toList();
    assertEquals(expected, h);
  }

  private static List<Float> boxed(float[] v) {
    List<Float> out = new ArrayList<>();
    for (float x : v) {
      out.add(x);
    }
    return out;
  }

  /**
   * {@code count} rows of two 3-feature steps, ids 0.., columns id, sequence, len; with {@code nan}
   * every row holds a NaN, else one more row has a null id.
   */
  private static void writeRows(Path path, int count, boolean nan) {
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("len", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      rows.add(RowFactory.create(i, new Object[] {new float[] {1, 2, 3}, new float[] {nan ? Float.NaN : 0, 1, 2}}, 2));
    }
    if (!nan) {
      rows.add(RowFactory.create(null, new Object[] {new float[] {1, 2, 3}}, 1));
    }
    spark().createDataFrame(rows, schema).coalesce(1).write().parquet(path.toString());
  }
}
