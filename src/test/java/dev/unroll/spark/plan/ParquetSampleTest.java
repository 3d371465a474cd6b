package dev.unroll.spark.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.unroll.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sizes pre-flight reads on the driver are the ones Spark's own query gives for the same rows
 * ({@code size(sequence)}, {@code size(get(sequence, 0))}): over null, empty and ragged sequences, null
 * steps and elements, every Parquet list layout Spark writes, and more rows than the sample takes.
 */
class ParquetSampleTest {
  private static final int LIMIT = InputSample.ROWS;

  @TempDir Path dir;

  private static SparkSession spark() {
    return SharedSpark.session();
  }

  /** Ragged rows: some null or empty, some with null steps or elements; seeded. */
  private static List<Row> rows(int count, boolean nested, boolean nullElements) {
    SplittableRandom random = new SplittableRandom(count * 31L + (nested ? 1 : 0));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(8);
      Object seq;
      if (kind == 0) {
        seq = null;
      } else if (kind == 1) {
        seq = List.of();
      } else if (nested) {
        List<List<Float>> steps = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int s = 0; s < n; s++) {
          steps.add(nullElements && kind == 2 && s == 0 ? null : floats(random, random.nextInt(5), nullElements));
        }
        seq = steps;
      } else {
        seq = floats(random, random.nextInt(9), nullElements);
      }
      rows.add(RowFactory.create((long) i, seq));
    }
    return rows;
  }

  private static List<Float> floats(SplittableRandom random, int n, boolean nullElements) {
    List<Float> values = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      values.add(nullElements && random.nextInt(5) == 0 ? null : (float) random.nextDouble());
    }
    return values;
  }

  private static StructType schema(boolean nested, boolean nullElements) {
    DataType flat = DataTypes.createArrayType(DataTypes.FloatType, nullElements);
    return new StructType().add("id", DataTypes.LongType, false)
        .add("sequence", nested ? DataTypes.createArrayType(flat, nullElements) : flat, true);
  }

  private Path write(List<Row> rows, StructType schema, String name) {
    Path out = dir.resolve(name);
    spark().createDataFrame(rows, schema).coalesce(1).write().parquet(out.toString());
    return out;
  }

  private static List<org.apache.hadoop.fs.Path> dataFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted()
          .map(p -> new org.apache.hadoop.fs.Path(p.toUri())).toList();
    }
  }

  /** Spark's answer for the first {@link #LIMIT} rows of a one-file input. */
  private static ParquetSample.Sizes spark(Path in, boolean nested) {
    Column seq = functions.col("sequence");
    Column size = nested ? functions.size(functions.get(seq, functions.lit(0))) : functions.size(seq);
    List<Row> rows = spark().read().parquet(in.toString()).limit(LIMIT).select(size).collectAsList();
    List<Integer> sizes = new ArrayList<>();
    for (Row r : rows) {
      if (!r.isNullAt(0) && r.getInt(0) > 0) {
        sizes.add(r.getInt(0));
      }
    }
    return new ParquetSample.Sizes(rows.size(), sizes);
  }

  private static ParquetSample.Sizes driver(Path in, boolean nested) throws Exception {
    return ParquetSample.read(new Configuration(), dataFiles(in), true, "sequence", nested ? 2 : 1, LIMIT);
  }

  private void agrees(boolean nested, boolean nullElements, int count) throws Exception {
    Path in = write(rows(count, nested, nullElements), schema(nested, nullElements),
        (nested ? "nested" : "flat") + nullElements + count);
    ParquetSample.Sizes expected = spark(in, nested);
    assertEquals(Math.min(count, LIMIT), expected.rows());
    assertEquals(expected, driver(in, nested));
  }

  @Test
  void flatSizesAreSparksOverNullEmptyAndRaggedRows() throws Exception {
    agrees(false, true, 60);
    agrees(false, false, 60);
  }

  @Test
  void nestedSizesAreThoseOfTheFirstStepAsSparkGetsThem() throws Exception {
    agrees(true, true, 60);
    agrees(true, false, 60);
  }

  @Test
  void onlyTheFirstHundredRowsAreRead() throws Exception {
    agrees(false, true, 250);
    agrees(true, true, 250);
  }

  @Test
  void theLegacyListLayoutsGiveTheSameSizes() throws Exception {
    spark().conf().set("spark.sql.parquet.writeLegacyFormat", "true");
    try {
      agrees(false, true, 60); // repeated group bag { optional float array }
      agrees(false, false, 60); // repeated float array: a two-level list
      agrees(true, true, 60);
      agrees(true, false, 60);
    } finally {
      spark().conf().unset("spark.sql.parquet.writeLegacyFormat");
    }
  }

  @Test
  void rowsAreReadAcrossFilesInOrderUntilTheSampleIsFull() throws Exception {
    Path one = write(rows(60, false, true), schema(false, true), "one");
    Path two = write(rows(70, false, true), schema(false, true), "two");
    List<org.apache.hadoop.fs.Path> files = new ArrayList<>(dataFiles(one));
    files.addAll(dataFiles(two));
    ParquetSample.Sizes both = ParquetSample.read(new Configuration(), files, false, "sequence", 1, LIMIT);
    assertNotNull(both);
    assertEquals(LIMIT, both.rows());
    List<Integer> expected = new ArrayList<>(spark(one, false).sizes());
    expected.addAll(ParquetSample.read(new Configuration(), dataFiles(two), true, "sequence", 1, 40).sizes());
    assertEquals(expected, both.sizes());
    // fewer rows than the sample takes while more files follow: Spark's job reads them instead
    assertNull(ParquetSample.read(new Configuration(), dataFiles(one), false, "sequence", 1, LIMIT));
  }

  @Test
  void columnsThatAreNotPlainListsOfTheExpectedDepthAreLeftToSpark() throws Exception {
    Path flat = write(rows(10, false, true), schema(false, true), "flatonly");
    assertNull(ParquetSample.read(new Configuration(), dataFiles(flat), true, "sequence", 2, LIMIT));
    assertNull(ParquetSample.read(new Configuration(), dataFiles(flat), true, "id", 1, LIMIT));
    assertNull(ParquetSample.read(new Configuration(), dataFiles(flat), true, "absent", 1, LIMIT));
    StructType struct = new StructType().add("id", DataTypes.LongType)
        .add("sequence", new StructType().add("a", DataTypes.createArrayType(DataTypes.FloatType))
            .add("b", DataTypes.createArrayType(DataTypes.FloatType)));
    Path two = write(List.of(RowFactory.create(1L, RowFactory.create(List.of(1f), List.of(2f)))), struct, "struct");
    assertNull(ParquetSample.read(new Configuration(), dataFiles(two), true, "sequence", 1, LIMIT));
    assertNull(ParquetSample.read(new Configuration(), List.of(new org.apache.hadoop.fs.Path(
        dir.resolve("missing.parquet").toUri())), true, "sequence", 1, LIMIT));
  }

  @Test
  void theColumnIsFoundIgnoringCaseAsSparkResolvesIt() throws Exception {
    Path in = write(rows(30, false, true), schema(false, true), "case");
    assertEquals(driver(in, false),
        ParquetSample.read(new Configuration(), dataFiles(in), true, "SEQUENCE", 1, LIMIT));
  }
}
