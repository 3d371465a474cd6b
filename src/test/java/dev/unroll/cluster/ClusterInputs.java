package dev.unroll.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.unroll.testing.NpzFiles;
import dev.unroll.testing.SharedSpark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The inputs of the cluster tests, the same on every run: a TF v1 BasicLSTMCell of {@value #FEATURES}
 * inputs and {@value #UNITS} units from a seed, and Parquet files of {@code id} and
 * {@code sequence array<array<float>>} of 1 to 40 steps whose values come from hashes of (id, step,
 * feature).
 */
final class ClusterInputs {
  private ClusterInputs() {}

  static final int FEATURES = 16;
  static final int UNITS = 64;
  /** The one bad row of {@link #sequencesWithBadRow}: a NaN in its first step. */
  static final long BAD_ID = 777;

  private static final String VALUE = "cast(pmod(hash(id, t, k), 2001) / 1000.0 - 1.0 as float)";

  static Path lstm(Path file) {
    Random random = new Random(11);
    float scale = (float) (1 / Math.sqrt(UNITS));
    float[] kernel = uniform(random, (FEATURES + UNITS) * 4 * UNITS, scale);
    float[] bias = uniform(random, 4 * UNITS, scale);
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    arrays.put("rnn/basic_lstm_cell/kernel", NpzFiles.f32(kernel, FEATURES + UNITS, 4 * UNITS));
    arrays.put("rnn/basic_lstm_cell/bias", NpzFiles.f32(bias, 4 * UNITS));
    return NpzFiles.write(file, arrays);
  }

  /** {@code rows} sequences with ids from {@code first}, in {@code files} files. */
  static Path sequences(Path path, long first, long rows, int files) {
    return write(path, first, rows, files, VALUE);
  }

  /** As {@link #sequences}, with a NaN in the first step of id {@link #BAD_ID}. */
  static Path sequencesWithBadRow(Path path, long rows, int files) {
    return write(path, 0, rows, files, "if(id = " + BAD_ID + " and t = 1 and k = 1, cast('NaN' as float), "
        + VALUE + ")");
  }

  private static Path write(Path path, long first, long rows, int files, String value) {
    SharedSpark.session().range(first, first + rows, 1, files)
        .select(col("id"), expr("transform(sequence(1, 1 + pmod(hash(id), 40)), t -> transform(sequence(1, "
            + FEATURES + "), k -> " + value + "))").as("sequence"))
        .write().parquet(path.toString());
    return path;
  }

  private static float[] uniform(Random random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextFloat() * 2f - 1f) * scale;
    }
    return v;
  }
}
