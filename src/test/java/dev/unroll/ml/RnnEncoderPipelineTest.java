package dev.unroll.ml;

import static dev.unroll.ml.EncoderFixture.frame;
import static dev.unroll.ml.EncoderFixture.sequences;
import static dev.unroll.ml.EncoderFixture.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.ConfigException;
import dev.unroll.spark.partition.BadRowException;
import dev.unroll.spark.plan.PreflightException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RnnEncoder as a stage of a Spark ML pipeline: its output, its schema checks, saving and loading. */
class RnnEncoderPipelineTest {
  private final List<EncoderFixture.Sequence> sequences = sequences(40, 7);

  @TempDir Path dir;

  private RnnEncoder encoder(Path weights) {
    return new RnnEncoder().setWeights(weights.toString()).setCell("basic_lstm").setUnits(16)
        .setLengthColumn("length").setOutputLayout("vector").setBatchSize(8).setSortWindow(16);
  }

  private static List<Row> sorted(Dataset<Row> df) {
    return df.orderBy("id").collectAsList();
  }

  @Test
  void kMeansPipelineOnTheVectorOutputSavesAndLoadsToBitIdenticalRows() throws Exception {
    Path weights = EncoderFixture.weights(dir.resolve("model"));
    Dataset<Row> events = frame(sequences, 2);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        encoder(weights), new KMeans().setK(3).setSeed(1L).setFeaturesCol("h").setPredictionCol("cluster")});
    PipelineModel fitted = pipeline.fit(events);
    List<Row> before = sorted(fitted.transform(events));

    // every input row but the consumed sequence and length columns, then what the encoder and KMeans add
    assertEquals(List.of("id", "day", "h", "c", "cluster"), List.of(before.get(0).schema().fieldNames()));
    assertEquals(sequences.size(), before.size());
    Map<Long, float[]> core = EncoderFixture.coreH(weights, sequences);
    for (Row row : before) {
      Vector h = row.getAs("h");
      float[] expected = core.get(row.<Long>getAs("id"));
      assertEquals(EncoderFixture.UNITS, h.size());
      for (int k = 0; k < expected.length; k++) {
        assertEquals((double) expected[k], h.apply(k), 0.0, "h[" + k + "] of id " + row.getAs("id"));
      }
    }

    fitted.write().save(dir.resolve("pipeline").toString());
    List<Row> after = sorted(PipelineModel.load(dir.resolve("pipeline").toString()).transform(events));
    assertEquals(before, after);
  }

  @Test
  void aPipelineWhoseWeightsFileChangedIsRefusedOnLoadNamingTheFileAndBothChecksums() throws Exception {
    Path weights = EncoderFixture.weights(dir.resolve("model"));
    Dataset<Row> events = frame(sequences, 1);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {encoder(weights)}).fit(events);
    fitted.write().save(dir.resolve("pipeline").toString());
    String saved = sha256(weights);
    EncoderFixture.change(weights);

    Exception e = assertThrows(WeightsChangedException.class,
        () -> PipelineModel.load(dir.resolve("pipeline").toString()));
    assertTrue(e.getMessage().contains("weights file " + weights), e.getMessage());
    assertTrue(e.getMessage().contains("sha256 was " + saved + " and is now " + sha256(weights)), e.getMessage());
  }

  @Test
  void settingTheWeightsAgainAcceptsTheirNewChecksum() throws Exception {
    Path weights = EncoderFixture.weights(dir.resolve("model"));
    RnnEncoder stale = encoder(weights);
    stale.set(stale.weightsSha256(), "0".repeat(64));
    assertThrows(WeightsChangedException.class, () -> stale.transformSchema(EncoderFixture.SCHEMA));
    RnnEncoder renewed = stale.setWeights(weights.toString());
    assertEquals(List.of("id", "day", "h", "c"),
        List.of(renewed.transformSchema(EncoderFixture.SCHEMA).fieldNames()));
  }

  @Test
  void aSequenceColumnOfTheWrongTypeGetsPreflightsMessageFromTransformSchema() throws Exception {
    Path weights = EncoderFixture.weights(dir.resolve("model"));
    Dataset<Row> events = frame(sequences, 1).withColumn("sequence", functions.lit("not a sequence"));
    PreflightException e = assertThrows(PreflightException.class,
        () -> encoder(weights).transformSchema(events.schema()));
    assertTrue(e.getMessage().startsWith("column 'sequence' is string; a sequence column must be "
        + "array<array<float|double>>"), e.getMessage());
  }

  @Test
  void underFailABadRowFailsTheActionWithACauseNamingTheRow() throws Exception {
    Path weights = EncoderFixture.weights(dir.resolve("model"));
    float[][] nan = {new float[EncoderFixture.FEATURES]};
    nan[0][2] = Float.NaN;
    Dataset<Row> events = frame(sequences.subList(0, 5), 1).union(spark().createDataFrame(
        List.of(RowFactory.create(999L, "2026-11-26", nan, 1)), EncoderFixture.SCHEMA));
    Exception e = assertThrows(Exception.class, () -> encoder(weights).transform(events).collectAsList());
    Throwable cause = e;
    while (cause != null && !(cause instanceof BadRowException)) {
      cause = cause.getCause();
    }
    assertTrue(cause != null && cause.getMessage().startsWith("bad row with id = 999"), String.valueOf(e));
  }

  @Test
  void quarantineIsRefusedSinceAStageHasNoSecondOutput() throws Exception {
    Path weights = EncoderFixture.weights(dir.resolve("model"));
    RnnEncoder encoder = encoder(weights).setBadRows("quarantine");
    ConfigException e = assertThrows(ConfigException.class, () -> encoder.transformSchema(EncoderFixture.SCHEMA));
    assertTrue(e.getMessage().startsWith("badRows quarantine writes the bad rows to a second output"),
        e.getMessage());
  }

  private static String sha256(Path file) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file));
    return java.util.HexFormat.of().formatHex(digest);
  }
}
