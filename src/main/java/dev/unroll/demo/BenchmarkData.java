package dev.unroll.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the benchmark's inputs (run by {@code jobs/benchmark.sh}): {@code lstm-32-<units>.npz}, a TF v1
 * BasicLSTMCell of 32 inputs and 64 (or the given) units, and {@code input/}, Parquet with {@code id} and
 * {@code sequence array<array<float>>} of 1 to 20 steps of 32 features, in a given number of files.
 * Values come from hashes of (id, step, feature), so the data is the same on every run.
 *
 * <p>Usage: {@code BenchmarkData DIR [ROWS [FILES [UNITS]]]}; the input is not rewritten when it
 * exists, and ROWS 0 writes the model alone (for a benchmark that brings its own input).
 */
public final class BenchmarkData {
  private BenchmarkData() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    int files = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int units = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    Files.createDirectories(dir);
    Files.write(dir.resolve("lstm-32-" + units + ".npz"), TfLstmWeights.npz(7L, 32, units));
    if (rows == 0 || Files.exists(dir.resolve("input").resolve("_SUCCESS"))) {
      return;
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("unroll benchmark data")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.range(0, rows, 1, files)
        .select(col("id"), expr("transform(sequence(1, 1 + pmod(hash(id), 20)), t -> "
            + "transform(sequence(1, 32), k -> cast(pmod(hash(id, t, k), 2001) / 1000.0 - 1.0 as float)))")
            .as("sequence"))
        .write().mode("overwrite").parquet(dir.resolve("input").toString());
    spark.stop();
  }
}
