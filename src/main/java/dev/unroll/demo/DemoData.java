package dev.unroll.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The demo's input, generated from a fixed seed: {@value #ROWS} sequences of 8 features and 1 to 40
 * steps (most short, some long), every tenth stored with two padding steps past its {@code length},
 * over two days; then three deliberately bad rows (a null sequence, a NaN, a step of 7 features) to show
 * the bad-row policy at work.
 */
public final class DemoData {
  private DemoData() {}

  static final long SEED = 42L;
  static final int ROWS = 4000;
  static final int FEATURES = 8;

  public static void write(SparkSession spark, String path) {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("length", DataTypes.IntegerType)
        .add("day", DataTypes.StringType);
    Random random = new Random(SEED);
    List<Row> rows = new ArrayList<>(ROWS + 3);
    for (int i = 1; i <= ROWS; i++) {
      int length = random.nextInt(10) < 7 ? 1 + random.nextInt(10) : 11 + random.nextInt(30);
      int stored = i % 10 == 0 ? length + 2 : length;
      float[][] steps = new float[stored][FEATURES];
      for (float[] step : steps) {
        for (int k = 0; k < FEATURES; k++) {
          step[k] = (float) (random.nextGaussian() * 0.5);
        }
      }
      rows.add(RowFactory.create((long) i, steps, length, i % 2 == 0 ? "2026-11-25" : "2026-11-26"));
    }
    float[] ok = new float[FEATURES];
    float[] nan = new float[FEATURES];
    nan[3] = Float.NaN;
    rows.add(RowFactory.create(ROWS + 1L, null, 0, "2026-11-26"));
    rows.add(RowFactory.create(ROWS + 2L, new float[][] {ok, nan}, 2, "2026-11-26"));
    rows.add(RowFactory.create(ROWS + 3L, new float[][] {ok, new float[7]}, 2, "2026-11-26"));
    // shipped in several small tasks rather than one large one; written as two files, so the local
    // runner's two cores each score one
    JavaRDD<Row> slices = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 8);
    spark.createDataFrame(slices, schema).repartition(2).write().mode("overwrite").parquet(path);
  }
}
