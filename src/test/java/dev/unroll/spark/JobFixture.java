package dev.unroll.spark;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.spark.partition.TestModels;
import dev.unroll.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small seeded inputs written with Spark, the job configuration for them, and reading results back. */
final class JobFixture {
  static final int FEATURES = 3;

  /** One generated sequence: its valid steps as a flat array, and the array stored (maybe longer). */
  record Sequence(long id, float[] valid, float[] stored, Integer length, String day) {}

  static SparkSession spark() {
    return SharedSpark.session();
  }

  /** {@code count} sequences of 0..9 steps; every third has a length column shorter than its array. */
  static List<Sequence> sequences(TestModels random, int count) {
    List<Sequence> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int steps = (i * 7) % 10;
      float[] stored = random.uniform(steps * FEATURES, 1f);
      int length = i % 3 == 0 ? steps / 2 : steps;
      float[] valid = java.util.Arrays.copyOf(stored, length * FEATURES);
      out.add(new Sequence(100 + i, valid, stored, length, i % 2 == 0 ? "2026-01-01" : "2026-01-02"));
    }
    return out;
  }

  /**
   * Writes the sequences in {@code layout} (nested, nested-double, flat, flat-double) as {@code format}
   * in {@code files} files: columns id, sequence, len, day.
   */
  static void write(List<Sequence> sequences, String layout, String format, int files, Path path) {
    boolean dbl = layout.endsWith("double");
    boolean nested = layout.startsWith("nested");
    var element = dbl ? DataTypes.DoubleType : DataTypes.FloatType;
    var type = nested ? DataTypes.createArrayType(DataTypes.createArrayType(element)) : DataTypes.createArrayType(element);
    StructType schema = new StructType().add("id", DataTypes.LongType).add("sequence", type)
        .add("len", DataTypes.IntegerType).add("day", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (Sequence s : sequences) {
      rows.add(RowFactory.create(s.id(), nested ? nested(s.stored(), dbl) : flat(s.stored(), dbl), s.length(), s.day()));
    }
    spark().createDataFrame(rows, schema).repartition(files).write().format(format).save(path.toString());
  }

  /**
   * Writes the sequences (nested, parquet) plus six bad rows, ids 900-905: a null sequence, a step of
   * two features, a length past the array, a NaN, a negative length, an empty array declared 3 long.
   */
  static void writeWithBadRows(List<Sequence> sequences, int files, Path path) {
    writeWithBadRows(sequences, files, path, false);
  }

  /** As above; with {@code badRowsLast}, the bad rows sit alone in one more, small file, read last. */
  static void writeWithBadRows(List<Sequence> sequences, int files, Path path, boolean badRowsLast) {
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("len", DataTypes.IntegerType).add("day", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (Sequence s : sequences) {
      rows.add(RowFactory.create(s.id(), nested(s.stored(), false), s.length(), s.day()));
    }
    float[] ok = {0.5f, 0.25f, -1f};
    if (badRowsLast) {
      spark().createDataFrame(rows, schema).repartition(files).write().parquet(path.toString());
      rows.clear();
      files = 1;
    }
    rows.add(RowFactory.create(900L, null, null, "2026-01-01"));
    rows.add(RowFactory.create(901L, new Object[] {ok, new float[] {1f, 2f}}, 2, "2026-01-01"));
    rows.add(RowFactory.create(902L, new Object[] {ok, ok}, 5, "2026-01-01"));
    rows.add(RowFactory.create(903L, new Object[] {ok, new float[] {1f, Float.NaN, 0f}}, 2, "2026-01-01"));
    rows.add(RowFactory.create(904L, new Object[] {ok}, -1, "2026-01-01"));
    rows.add(RowFactory.create(905L, new Object[] {}, 3, "2026-01-01"));
    spark().createDataFrame(rows, schema).repartition(files).write().mode("append").parquet(path.toString());
  }

  private static Object flat(float[] v, boolean dbl) {
    if (!dbl) {
      return v;
    }
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static Object nested(float[] v, boolean dbl) {
    Object[] steps = new Object[v.length / FEATURES];
    for (int t = 0; t < steps.length; t++) {
      steps[t] = flat(java.util.Arrays.copyOfRange(v, t * FEATURES, (t + 1) * FEATURES), dbl);
    }
    return steps;
  }

  static JobConfig config(Path in, Path out, String... extra) {
    Map<String, String> flags = new HashMap<>(Map.of("weights", "in-code", "input", in.toString(),
        "output", out.toString(), "length-column", "len", "progress-interval", "0"));
    for (int i = 0; i < extra.length; i += 2) {
      flags.put(extra[i], extra[i + 1]);
    }
    return ConfigResolver.resolve(flags, Map.of());
  }

  /** Output rows by id. */
  static Map<Long, Row> read(Path out, String format) {
    Map<Long, Row> rows = new HashMap<>();
    for (Row r : spark().read().format(format).load(out.toString()).collectAsList()) {
      rows.put(r.<Long>getAs("id"), r);
    }
    return rows;
  }

  static float[] floats(Row row, String column) {
    List<Float> list = row.getList(row.fieldIndex(column));
    float[] v = new float[list.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = list.get(i);
    }
    return v;
  }
}
