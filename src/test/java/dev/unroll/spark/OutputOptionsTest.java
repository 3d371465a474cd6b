package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.FEATURES;
import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.floats;
import static dev.unroll.spark.JobFixture.read;
import static dev.unroll.spark.JobFixture.spark;
import static dev.unroll.spark.JobFixture.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.Embedding;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.model.UnrollResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the job can write (every emit, both layouts, pass-through, partitions, modes) and token ids. */
class OutputOptionsTest {
  private final TestModels random = new TestModels(9);
  private final List<JobFixture.Sequence> sequences = JobFixture.sequences(random, 30);

  @TempDir Path dir;

  @Test
  void everyEmitInColumnsLayoutMatchesTheCoreForADeepBidirectionalModel() {
    RnnModel model = random.deep(FEATURES);
    Path in = dir.resolve("in");
    write(sequences, "nested", "parquet", 2, in);
    ScoringJob.run(spark(), config(in, dir.resolve("out"), "emit", "state,all-states,outputs,mean,max",
        "output-layout", "columns", "batch-size", "4", "sort-window", "8"), TestModels.loaded(model), null);
    Map<Long, Row> rows = read(dir.resolve("out"), "parquet");
    for (JobFixture.Sequence s : sequences) {
      Row row = rows.get(s.id());
      UnrollResult alone = TestModels.alone(model, FEATURES, s.valid());
      assertArrayEquals(TestModels.topH(model, alone), columns(row, "h", 3), "top h");
      assertArrayEquals(alone.finalStates().get(0).c(), columns(row, "l0_fw0_c", 4));
      assertArrayEquals(alone.finalStates().get(1).h(), columns(row, "l0_bw0_h", 4));
      assertArrayEquals(alone.finalStates().get(2).h(), columns(row, "l1_fw0_h", 3));
      int steps = s.valid().length / FEATURES;
      List<scala.collection.Seq<Float>> outputs = row.getList(row.fieldIndex("outputs"));
      assertEquals(steps, outputs.size());
      float[] mean = new float[3];
      float[] max = new float[3];
      Arrays.fill(max, Float.NEGATIVE_INFINITY);
      for (int t = 0; t < steps; t++) {
        float[] expected = Arrays.copyOfRange(alone.outputs(), t * 3, t * 3 + 3);
        float[] got = new float[3];
        for (int k = 0; k < 3; k++) {
          got[k] = outputs.get(t).apply(k);
          max[k] = Math.max(max[k], expected[k]);
        }
        assertArrayEquals(expected, got);
      }
      if (steps == 0) {
        assertTrue(row.isNullAt(row.fieldIndex("mean_0")) && row.isNullAt(row.fieldIndex("max_2")));
      } else {
        for (int k = 0; k < 3; k++) {
          double sum = 0;
          for (int t = 0; t < steps; t++) {
            sum += alone.outputs()[t * 3 + k];
          }
          mean[k] = (float) (sum / steps);
        }
        assertArrayEquals(mean, columns(row, "mean", 3));
        assertArrayEquals(max, columns(row, "max", 3));
      }
    }
  }

  private static float[] columns(Row row, String name, int width) {
    float[] v = new float[width];
    for (int k = 0; k < width; k++) {
      v[k] = row.getFloat(row.fieldIndex(name + "_" + k));
    }
    return v;
  }

  @Test
  void aDynamicOverwriteReplacesOnlyThePartitionsItWrites() {
    RnnModel model = RnnModel.of(Layer.of(random.lstm(FEATURES, 2)));
    Path in = dir.resolve("in");
    write(sequences, "flat", "parquet", 1, in);
    Path out = dir.resolve("out");
    String[] options = {"pass-through", "day,len", "partition-by", "day"};
    ScoringJob.run(spark(), config(in, out, options), TestModels.loaded(model), null);
    assertEquals(15, spark().read().parquet(out.toString()).where("day = '2026-01-02'").count());

    // a later run for one day only: the other day's partition stays
    Path oneDay = dir.resolve("one-day");
    write(sequences.subList(0, 4), "flat", "parquet", 1, oneDay);
    String[] overwrite = {"pass-through", "day,len", "partition-by", "day", "mode", "overwrite",
        "dynamic-partition-overwrite", "true"};
    ScoringJob.run(spark(), config(oneDay, out, overwrite), TestModels.loaded(model), null);
    assertEquals(2, spark().read().parquet(out.toString()).where("day = '2026-01-01'").count());
    assertEquals(2, spark().read().parquet(out.toString()).where("day = '2026-01-02'").count());

    ScoringJob.run(spark(), config(oneDay, out, "pass-through", "day,len", "partition-by", "day", "mode",
        "append"), TestModels.loaded(model), null);
    Row first = spark().read().parquet(out.toString()).where("id = 100").collectAsList().get(0);
    assertEquals(0, first.<Integer>getAs("len"));
    assertEquals(8, spark().read().parquet(out.toString()).count());
  }

  @Test
  void tokenIdsAreLookedUpInTheEmbeddingAndOutOfRangeIdsAreBadRows() {
    Embedding embedding = new Embedding(10, FEATURES, random.uniform(10 * FEATURES, 1f));
    RnnModel model = RnnModel.of(Layer.of(random.lstm(FEATURES, 5)));
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType));
    List<Row> rows = new ArrayList<>();
    List<int[]> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int[] t = new int[i % 6];
      for (int s = 0; s < t.length; s++) {
        t[s] = (i * 3 + s * 7) % 10;
      }
      tokens.add(t);
      rows.add(RowFactory.create("row-" + i, t));
    }
    rows.add(RowFactory.create("too-big", new int[] {3, 10}));
    rows.add(RowFactory.create("negative", new int[] {-1}));
    Path in = dir.resolve("tokens");
    spark().createDataFrame(rows, schema).write().json(in.toString());
    Map<String, String> flags = Map.of("weights", "in-code", "input", in.toString(), "input-format", "json",
        "output", dir.resolve("out").toString(), "sequence-column", "tokens", "embedding", "table.npy",
        "bad-rows", "skip", "progress-interval", "0");
    JobSummary summary = ScoringJob.run(spark(), dev.unroll.config.ConfigResolver.resolve(flags, Map.of()),
        TestModels.loaded(model), embedding);
    assertEquals(List.of(22L, 20L, 2L), List.of(summary.rowsRead(), summary.rowsScored(), summary.rowsRejected()));
    for (Row row : spark().read().parquet(dir.resolve("out").toString()).collectAsList()) {
      int i = Integer.parseInt(row.<String>getAs("id").substring(4));
      float[] looked = new float[tokens.get(i).length * FEATURES];
      for (int s = 0; s < tokens.get(i).length; s++) {
        embedding.copyRow(tokens.get(i)[s], looked, s * FEATURES);
      }
      assertArrayEquals(TestModels.topH(model, TestModels.alone(model, FEATURES, looked)), floats(row, "h"));
    }
  }
}
