package dev.unroll.cluster;

import dev.unroll.testing.NpzFiles;
import dev.unroll.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The inputs of the cluster tests, the same on every run: a TF v1 BasicLSTMCell of {@value #FEATURES}
 * inputs and {@value #UNITS} units from a seed, and Parquet files of {@code id} and
 * {@code sequence array<array<float>>} of 1 to 40 steps whose values come from hashes of (id, step,
 * feature). The rows are made here and handed to Spark, one file per slice of consecutive ids: Spark's
 * own higher-order functions ({@code transform(sequence(...))}) are interpreted, and took over a minute
 * for the 30,000 rows on a loaded machine.
 */
final class ClusterInputs {
  private ClusterInputs() {}

  static final int FEATURES = 16;
  static final int UNITS = 64;
  /** The one bad row of {@link #sequencesWithBadRow}: a NaN in its first step. */
  static final long BAD_ID = 777;

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));

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
    return write(path, first, rows, files, -1);
  }

  /** As {@link #sequences}, with a NaN in the first step of id {@link #BAD_ID}. */
  static Path sequencesWithBadRow(Path path, long rows, int files) {
    return write(path, 0, rows, files, BAD_ID);
  }

  private static Path write(Path path, long first, long rows, int files, long badId) {
    List<Row> list = new ArrayList<>();
    for (long id = first; id < first + rows; id++) {
      float[][] steps = new float[1 + (int) Math.floorMod(mix(id), 40L)][FEATURES];
      for (int t = 0; t < steps.length; t++) {
        for (int k = 0; k < FEATURES; k++) {
          steps[t][k] = id == badId && t == 0 && k == 0 ? Float.NaN
              : Math.floorMod(mix(mix(mix(id) + t) + k), 2001L) / 1000f - 1f;
        }
      }
      list.add(RowFactory.create(id, steps));
    }
    SparkSession spark = SharedSpark.session();
    // parallelize cuts the list into consecutive slices: file i holds the i-th run of ids
    JavaRDD<Row> slices = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(list, files);
    spark.createDataFrame(slices, SCHEMA).write().parquet(path.toString());
    return path;
  }

  /** SplitMix64's finaliser: a well-spread hash of one long. */
  private static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static float[] uniform(Random random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextFloat() * 2f - 1f) * scale;
    }
    return v;
  }
}
