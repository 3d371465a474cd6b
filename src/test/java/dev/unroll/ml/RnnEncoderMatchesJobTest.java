package dev.unroll.ml;

import static dev.unroll.ml.EncoderFixture.frame;
import static dev.unroll.ml.EncoderFixture.sequences;
import static dev.unroll.ml.EncoderFixture.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.spark.JobSummary;
import dev.unroll.spark.plan.ModelLoading;
import dev.unroll.spark.ScoringJob;
import dev.unroll.weights.LoadedModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage and the score job are one code path: the same rows in give the same bits out. */
class RnnEncoderMatchesJobTest {
  @TempDir Path dir;

  @Test
  void theStageAndTheScoreJobWriteBitIdenticalVectorsAndSkipTheSameBadRow() throws Exception {
    List<EncoderFixture.Sequence> sequences = sequences(30, 11);
    Path weights = EncoderFixture.weights(dir.resolve("model"));
    Path in = dir.resolve("events");
    float[][] nan = {new float[EncoderFixture.FEATURES]};
    nan[0][3] = Float.NaN;
    Dataset<Row> bad = spark().createDataFrame(
        List.of(RowFactory.create(999L, "2026-11-26", nan, 1)), EncoderFixture.SCHEMA);
    frame(sequences, 2).union(bad).write().parquet(in.toString());

    Map<String, String> flags = new HashMap<>(EncoderFixture.CELL);
    flags.putAll(Map.of("weights", weights.toString(), "input", in.toString(), "output", dir.resolve("out").toString(),
        "length-column", "length", "pass-through", "day", "output-layout", "vector", "bad-rows", "skip",
        "batch-size", "8", "sort-window", "16", "progress-interval", "0"));
    JobConfig config = ConfigResolver.resolve(flags, Map.of());
    LoadedModel model = ModelLoading.load(spark(), config.model());
    JobSummary summary = ScoringJob.run(spark(), config, model, null);
    assertEquals(sequences.size() + 1, summary.rowsRead());
    assertEquals(1, summary.rowsRejected());
    Map<Long, Row> job = byId(spark().read().parquet(dir.resolve("out").toString()).collectAsList());

    Dataset<Row> encoded = new RnnEncoder().setWeights(weights.toString()).setCell("basic_lstm").setUnits(16)
        .setLengthColumn("length").setOutputLayout("vector").setBadRows("skip").setBatchSize(8).setSortWindow(16)
        .transform(spark().read().parquet(in.toString()));
    Map<Long, Row> stage = byId(encoded.collectAsList());

    Map<Long, float[]> core = EncoderFixture.coreH(weights, sequences);
    assertEquals(core.keySet(), job.keySet());
    assertEquals(core.keySet(), stage.keySet());
    for (long id : core.keySet()) {
      Vector h = job.get(id).getAs("h");
      assertEquals(h, stage.get(id).getAs("h"), "h of id " + id);
      assertEquals(job.get(id).<Vector>getAs("c"), stage.get(id).getAs("c"), "c of id " + id);
      assertEquals(job.get(id).<String>getAs("day"), stage.get(id).getAs("day"), "day of id " + id);
      float[] expected = core.get(id);
      for (int k = 0; k < expected.length; k++) {
        assertEquals((double) expected[k], h.apply(k), 0.0, "h[" + k + "] of id " + id);
      }
    }
  }

  private static Map<Long, Row> byId(List<Row> rows) {
    Map<Long, Row> out = new HashMap<>();
    for (Row r : rows) {
      out.put(r.<Long>getAs("id"), r);
    }
    return out;
  }
}
