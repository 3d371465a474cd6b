package dev.unroll.bench;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.ml.EncoderFixture;
import dev.unroll.ml.RnnEncoder;
import dev.unroll.spark.plan.ModelLoading;
import dev.unroll.spark.ScoringJob;
import dev.unroll.weights.LoadedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The three entry points on one input, end to end (read parquet, score, write parquet), in turn, so load
 * on the machine hits each alike: {@code unroll score} (ScoringJob), the {@code RnnEncoder} stage and the
 * {@code unroll_score} SQL function. The demo model (BasicLSTMCell 8 → 16) over demo-like sequences of 1 to
 * 40 steps, local[2]. Run with
 * {@code mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * && java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * dev.unroll.bench.EntryPointsBenchmark [rows] [rounds]} (the JVM options of conf/spark-defaults.conf.template
 * added on Java 17+).
 */
public final class EntryPointsBenchmark {
  private EntryPointsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createDirectories(Path.of("target", "entry-points-benchmark"));
    SparkSession spark = SparkSession.builder().master("local[2]").appName("entry-points-benchmark")
        .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.extensions", "dev.unroll.sql.UnrollExtensions").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path weights = dir.resolve("model/demo-lstm.npz");
    if (!Files.exists(weights)) {
      EncoderFixture.weights(dir.resolve("model"));
    }
    String in = dir.resolve("input-" + rows).toString();
    if (!Files.exists(Path.of(in))) {
      write(spark, rows, in);
    }
    spark.read().parquet(in).createOrReplaceTempView("events");

    Map<String, String> flags = new HashMap<>(EncoderFixture.CELL);
    flags.putAll(Map.of("weights", weights.toString(), "input", in, "output", dir.resolve("job").toString(),
        "length-column", "length", "mode", "overwrite", "progress-interval", "0"));
    JobConfig config = ConfigResolver.resolve(flags, Map.of());
    LoadedModel model = ModelLoading.load(spark, config.model());
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) { // round 0 warms the JVM up and is not counted
      time(seconds, round, "unroll score (ScoringJob)", () -> ScoringJob.run(spark, config, model, null));
      time(seconds, round, "RnnEncoder.transform", () -> new RnnEncoder().setWeights(weights.toString())
          .setCell("basic_lstm").setLengthColumn("length").transform(spark.read().parquet(in))
          .write().mode("overwrite").parquet(dir.resolve("stage").toString()));
      time(seconds, round, "unroll_score SQL", () -> spark.sql("SELECT * FROM unroll_score(TABLE(events), '"
          + weights + "', map('cell', 'basic_lstm', 'length-column', 'length'))")
          .write().mode("overwrite").parquet(dir.resolve("sql").toString()));
    }
    System.out.printf(Locale.ROOT, "%d sequences, %d counted rounds, local[2], %s%n", rows, rounds,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "| %-26s | %10s | %10s | %14s |%n", "entry point", "best s", "median s",
        "sequences/s");
    for (var e : seconds.entrySet()) {
      List<Double> s = new ArrayList<>(e.getValue());
      Collections.sort(s);
      System.out.printf(Locale.ROOT, "| %-26s | %10.2f | %10.2f | %,14.0f |%n", e.getKey(), s.get(0),
          s.get(s.size() / 2), rows / s.get(s.size() / 2));
    }
    spark.stop();
  }

  private static void time(Map<String, List<Double>> seconds, int round, String name, Runnable run) {
    long start = System.nanoTime();
    run.run();
    double s = (System.nanoTime() - start) / 1e9;
    if (round > 0) {
      seconds.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }
  }

  /** Demo-like rows: 8 features, 70% of 1-10 steps, the rest 11-40, seeded; four files. */
  private static void write(SparkSession spark, int count, String path) {
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = random.nextInt(10) < 7 ? 1 + random.nextInt(10) : 11 + random.nextInt(30);
      float[][] steps = new float[length][EncoderFixture.FEATURES];
      for (float[] step : steps) {
        for (int k = 0; k < step.length; k++) {
          step[k] = (float) random.nextGaussian() * 0.5f;
        }
      }
      rows.add(RowFactory.create((long) i, i % 2 == 0 ? "2026-11-25" : "2026-11-26", steps, length));
    }
    spark.createDataFrame(rows, EncoderFixture.SCHEMA).repartition(4).write().parquet(path);
  }
}
