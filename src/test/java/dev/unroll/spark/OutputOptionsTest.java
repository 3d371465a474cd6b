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
import dev.unroll.model.ModelHints;
import dev.unroll.model.RnnModel;
import dev.unroll.model.UnrollResult;
import dev.unroll.spark.partition.TestModels;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
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
    assertEquals(LongStream.range(100, 130).boxed().collect(Collectors.toSet()), rows.keySet(), "one row per id");
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

  /** PyTorch's fixtures: nn.LSTM(3, 5, num_layers=2, bidirectional=True), its inputs, what it computed. */
  private static final Path TORCH = Path.of("src/test/resources/fixtures/torch");
  private static final float TOLERANCE = 1e-5f;

  @Test
  void everyEmitInArrayLayoutMatchesPyTorchForATwoLayerBidirectionalLstm() throws IOException {
    LoadedModel lstm = Models.load(
        LocalWeightSource.of(TORCH.resolve("lstm_2layer_bidirectional.safetensors")), ModelHints.NONE);
    NamedTensors in = Models.readTensors(LocalWeightSource.of(TORCH.resolve("inputs.npz"))).tensors();
    NamedTensors want = Models.readTensors(
        LocalWeightSource.of(TORCH.resolve("lstm_2layer_bidirectional.expected.npz"))).tensors();
    float[] x = in.require("x", 15, FEATURES).values();
    float[] lengths = in.require("lengths", 5).values(); // 5, 1, 3, 4, 2 steps
    float[] outputs = want.require("outputs", 15, 10).values(); // [15 steps, 2 directions × 5]
    float[] hn = want.require("h_n", 4, 5, 5).values(); // [2 layers × 2 directions, 5 sequences, 5]
    float[] cn = want.require("c_n", 4, 5, 5).values();
    List<JobFixture.Sequence> torch = new ArrayList<>();
    int[] start = new int[lengths.length + 1];
    for (int i = 0; i < lengths.length; i++) {
      int steps = (int) lengths[i];
      start[i + 1] = start[i] + steps;
      float[] v = Arrays.copyOfRange(x, start[i] * FEATURES, start[i + 1] * FEATURES);
      torch.add(new JobFixture.Sequence(i, v, v, steps, "2026-01-01"));
    }
    Path input = dir.resolve("torch-in");
    write(torch, "nested", "parquet", 2, input);

    JobSummary summary = ScoringJob.run(spark(), config(input, dir.resolve("out"), "emit",
        "state,all-states,outputs,mean,max", "batch-size", "2", "sort-window", "4"), lstm, null);

    assertEquals(List.of(5L, 5L, 0L), List.of(summary.rowsRead(), summary.rowsScored(), summary.rowsRejected()));
    Map<Long, Row> rows = read(dir.resolve("out"), "parquet");
    assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), rows.keySet());
    for (int i = 0; i < lengths.length; i++) {
      Row row = rows.get((long) i);
      String seq = "sequence " + i;
      float[][] h = new float[4][];
      float[][] c = new float[4][];
      for (int slot = 0; slot < 4; slot++) { // PyTorch's order: layer-major, direction fastest
        h[slot] = Arrays.copyOfRange(hn, (slot * 5 + i) * 5, (slot * 5 + i + 1) * 5);
        c[slot] = Arrays.copyOfRange(cn, (slot * 5 + i) * 5, (slot * 5 + i + 1) * 5);
      }
      assertArrayEquals(concat(h[2], h[3]), floats(row, "h"), TOLERANCE, seq + " h");
      assertArrayEquals(concat(c[2], c[3]), floats(row, "c"), TOLERANCE, seq + " c");
      String[] names = {"l0_fw0", "l0_bw0", "l1_fw0", "l1_bw0"};
      for (int slot = 0; slot < 4; slot++) {
        assertArrayEquals(h[slot], floats(row, names[slot] + "_h"), TOLERANCE, seq + " " + names[slot] + "_h");
        assertArrayEquals(c[slot], floats(row, names[slot] + "_c"), TOLERANCE, seq + " " + names[slot] + "_c");
      }
      List<scala.collection.Seq<Float>> steps = row.getList(row.fieldIndex("outputs"));
      assertEquals((int) lengths[i], steps.size(), seq + " steps");
      double[] sum = new double[10];
      float[] max = new float[10];
      Arrays.fill(max, Float.NEGATIVE_INFINITY);
      for (int t = 0; t < steps.size(); t++) {
        float[] got = new float[10];
        for (int k = 0; k < 10; k++) {
          got[k] = steps.get(t).apply(k);
          float torchOut = outputs[(start[i] + t) * 10 + k];
          sum[k] += torchOut;
          max[k] = Math.max(max[k], torchOut);
        }
        assertArrayEquals(Arrays.copyOfRange(outputs, (start[i] + t) * 10, (start[i] + t + 1) * 10), got,
            TOLERANCE, seq + " output at step " + t);
      }
      float[] mean = new float[10];
      for (int k = 0; k < 10; k++) {
        mean[k] = (float) (sum[k] / steps.size());
      }
      assertArrayEquals(mean, floats(row, "mean"), TOLERANCE, seq + " mean");
      assertArrayEquals(max, floats(row, "max"), TOLERANCE, seq + " max");
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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
    float[] table = random.uniform(10 * FEATURES, 1f);
    Embedding embedding = new Embedding(10, FEATURES, table);
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
    List<Row> written = spark().read().parquet(dir.resolve("out").toString()).collectAsList();
    assertEquals(IntStream.range(0, 20).mapToObj(i -> "row-" + i).collect(Collectors.toSet()),
        written.stream().map(row -> row.<String>getAs("id")).collect(Collectors.toSet()));
    assertEquals(20, written.size());
    for (Row row : written) {
      int i = Integer.parseInt(row.<String>getAs("id").substring(4));
      float[] looked = new float[tokens.get(i).length * FEATURES];
      for (int s = 0; s < tokens.get(i).length; s++) { // row id of the table, by hand
        System.arraycopy(table, tokens.get(i)[s] * FEATURES, looked, s * FEATURES, FEATURES);
      }
      assertArrayEquals(TestModels.topH(model, TestModels.alone(model, FEATURES, looked)), floats(row, "h"));
    }
  }
}
