package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.demo.TfLstmWeights;
import dev.unroll.testing.SharedSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;

/**
 * Makes the fixture of {@link GoldenOutputTest} in {@code src/test/resources/golden}: a small input
 * (Parquet, two files), a TF v1 BasicLSTMCell of 4 inputs and 8 units, and the exact bits the job wrote
 * for it (ids with the hex bits of every float of {@code h} and {@code c}, and the quarantined ids with
 * their reasons). The golden files were written by the job as it was before the data path was rewritten
 * for speed (commit 21fd33c), so the test shows the rewrite changed no bit.
 *
 * <p>Run from the repository root after {@code mvn test-compile}: {@code java --add-modules
 * jdk.incubator.vector <the pom's spark.jvm.flags> -cp target/test-classes:target/classes:$(cat
 * target/local-classpath.txt) dev.unroll.cli.GoldenOutputs src/test/resources/golden}
 */
public final class GoldenOutputs {
  static final int FEATURES = 4;
  static final int UNITS = 8;
  static final int ROWS = 700;

  /** The options the golden run used besides input, weights and output. */
  static final String[] OPTIONS = {"--cell", "basic_lstm", "--length-column", "length", "--pass-through",
      "day", "--batch-size", "16", "--sort-window", "64", "--bad-rows", "quarantine", "--progress-interval",
      "0", "--master", "local[2]"};

  private GoldenOutputs() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("golden")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    Files.write(dir.resolve("lstm-4-8.npz"), TfLstmWeights.npz(11L, FEATURES, UNITS));
    writeInput(spark, dir.resolve("input"));
    Path out = Files.createTempDirectory("golden").resolve("out");
    List<String> argv = new ArrayList<>(List.of("score", "--weights", dir.resolve("lstm-4-8.npz").toString(),
        "--input", dir.resolve("input").toString(), "--output", out.toString()));
    argv.addAll(List.of(OPTIONS));
    int code = UnrollCommand.run(argv.toArray(new String[0]));
    if (code != 0) {
      throw new IllegalStateException("the golden run exited with " + code);
    }
    Files.write(dir.resolve("expected-state.txt"), stateLines(spark, out.toString()));
    Files.write(dir.resolve("expected-quarantine.txt"), quarantineLines(spark, out + "_quarantine"));
    spark.stop();
  }

  /**
   * Lengths 0 to 24 with every fourth row stored two steps longer than its length, two days, and three
   * bad rows (ids 9001-9003: a null sequence, a NaN, a short step).
   */
  private static void writeInput(SparkSession spark, Path path) throws IOException {
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("length", DataTypes.IntegerType).add("day", DataTypes.StringType);
    Random random = new Random(20261130L);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int length = random.nextInt(25);
      float[][] steps = new float[i % 4 == 0 ? length + 2 : length][FEATURES];
      for (float[] step : steps) {
        for (int k = 0; k < FEATURES; k++) {
          step[k] = (float) random.nextGaussian();
        }
      }
      rows.add(RowFactory.create(1000L + i, steps, length, i % 2 == 0 ? "2026-11-29" : "2026-11-30"));
    }
    float[] nan = {0f, Float.NaN, 0f, 0f};
    rows.add(RowFactory.create(9001L, null, 0, "2026-11-30"));
    rows.add(RowFactory.create(9002L, new float[][] {new float[FEATURES], nan}, 2, "2026-11-30"));
    rows.add(RowFactory.create(9003L, new float[][] {new float[3]}, 1, "2026-11-30"));
    spark.createDataFrame(rows, schema).repartition(2).write().parquet(path.toString());
    try (Stream<Path> files = Files.list(path)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
        Files.delete(f);
      }
    }
  }

  /** One line per output row, by id: {@code id day h-bits c-bits}, floats as 8 hex digits, comma-separated. */
  static List<String> stateLines(SparkSession spark, String output) {
    List<String> lines = new ArrayList<>();
    for (Row r : spark.read().parquet(output).orderBy("id").collectAsList()) {
      lines.add(r.<Long>getAs("id") + " " + r.<String>getAs("day") + " " + bits(r.getList(r.fieldIndex("h")))
          + " " + bits(r.getList(r.fieldIndex("c"))));
    }
    return lines;
  }

  /** One line per quarantined row, by id: {@code id reason}. */
  static List<String> quarantineLines(SparkSession spark, String quarantine) {
    List<String> lines = new ArrayList<>();
    for (Row r : spark.read().parquet(quarantine).orderBy("id").collectAsList()) {
      lines.add(r.<Long>getAs("id") + " " + r.<String>getAs("reason"));
    }
    return lines;
  }

  /** The committed fixture folder, {@code golden} on the test class path. */
  static Path fixture() throws URISyntaxException {
    return Path.of(GoldenOutputs.class.getResource("/golden").toURI());
  }

  /** Scores the committed input with the golden run's options (and {@code extra}) into {@code out}. */
  static Path score(Path out, String... extra) throws URISyntaxException {
    return score(fixture().resolve("input"), out, extra);
  }

  /** Scores {@code input} with the golden model and run's options (and {@code extra}) into {@code out}. */
  static Path score(Path input, Path out, String... extra) throws URISyntaxException {
    SharedSpark.session(); // the command runs in the shared session rather than starting its own
    List<String> argv = new ArrayList<>(List.of("score", "--weights",
        fixture().resolve("lstm-4-8.npz").toString(), "--input", input.toString(), "--output", out.toString()));
    argv.addAll(List.of(OPTIONS));
    argv.addAll(List.of(extra));
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new UnrollCommand());
    cli.setOut(new PrintWriter(new StringWriter())); // the summary: silent tests
    int code = UnrollCommand.run(cli, new PrintWriter(err), argv.toArray(new String[0]));
    assertEquals(ExitCodes.OK, code, err.toString());
    return out;
  }

  static String bits(List<Float> values) {
    StringBuilder s = new StringBuilder();
    for (Float v : values) {
      s.append(s.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%08x", Float.floatToRawIntBits(v)));
    }
    return s.toString();
  }
}
