package dev.unroll.spark.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.spark.partition.ColumnarInput;
import dev.unroll.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * unroll's Parquet reader gives the batches Spark's vectorized reader gives (the expectation): the same
 * partitions, the same rows in the same order, the same nulls at every depth, the same float and double
 * bits, over files Spark writes in the forms the reader decodes (v1 and v2 pages, PLAIN and dictionary
 * values, a dictionary abandoned part way, several row groups and pages, splits cutting files) and in
 * forms it hands back to Spark (legacy two-level lists, DELTA-encoded integers).
 */
class ParquetReaderTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType)
      .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, true), true), true)
      .add("flat", DataTypes.createArrayType(DataTypes.FloatType, true), true)
      .add("len", DataTypes.IntegerType, true)
      .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("required", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false);
  private static final String[] SMALL_PAGES = {"parquet.block.size", "65536", "parquet.page.size", "2048",
      "parquet.page.row.count.limit", "300"};

  @TempDir Path dir;

  @Test
  void v1PagesWithNullsEmptyListsDictionariesAndManyRowGroupsReadAsSparkReadsThem() {
    Path in = dir.resolve("v1");
    write(rows(2000, 1, Integer.MAX_VALUE), in, 2, SMALL_PAGES);
    assertSameBatches(in, 2000, Map.of());
  }

  @Test
  void v2PagesReadAsSparkReadsThem() {
    Path in = dir.resolve("v2");
    write(rows(1500, 2, 10), in, 2, "parquet.writer.version", "PARQUET_2_0", SMALL_PAGES[0], SMALL_PAGES[1],
        SMALL_PAGES[2], SMALL_PAGES[3]);
    assertSameBatches(in, 1500, Map.of());
  }

  @Test
  void pagesOfEveryCodecReadAsSparkReadsThem() {
    // snappy (the default, above) is decompressed by PageCodecs; these go through parquet-mr's codecs
    for (String codec : List.of("uncompressed", "zstd", "gzip")) {
      Path in = dir.resolve("codec-" + codec);
      write(rows(700, 9, Integer.MAX_VALUE), in, 2, "compression", codec, SMALL_PAGES[2], SMALL_PAGES[3]);
      assertSameBatches(in, 700, Map.of());
    }
    Path v2 = dir.resolve("codec-v2-snappy");
    write(rows(700, 10, 10), v2, 2, "parquet.writer.version", "PARQUET_2_0", "compression", "snappy",
        SMALL_PAGES[2], SMALL_PAGES[3]);
    assertSameBatches(v2, 700, Map.of());
  }

  @Test
  void pagesWithoutNullsOrEmptyListsReadMarkByMarkAsSparkReadsThem() {
    // such pages (every definition level the maximum) are assembled from the entries that start a row or
    // a list alone; the rows in [holesFrom, holesTo) have nulls and empty lists, so their pages, in
    // the same column chunks, are read entry by entry
    Map<String, String> oddBatches = Map.of("spark.sql.parquet.columnarReaderBatchSize", "97");
    Path v1 = dir.resolve("dense-v1");
    write(denseRows(2000, 11, 700, 760), v1, 2, SMALL_PAGES);
    assertSameBatches(v1, 2000, oddBatches);
    Path v2 = dir.resolve("dense-v2");
    write(denseRows(1500, 12, 300, 320), v2, 2, "parquet.writer.version", "PARQUET_2_0", SMALL_PAGES[2],
        SMALL_PAGES[3]);
    assertSameBatches(v2, 1500, oddBatches);
  }

  @Test
  void splitsThatCutFilesGiveEachRowGroupToOneSplitAsSparkDoes() {
    Path in = dir.resolve("split");
    write(rows(3000, 3, Integer.MAX_VALUE), in, 1, SMALL_PAGES);
    assertSameBatches(in, 3000, Map.of("spark.sql.files.maxPartitionBytes", "20000",
        "spark.sql.files.openCostInBytes", "0", "spark.sql.parquet.columnarReaderBatchSize", "97"));
  }

  @Test
  void filesTheReaderDoesNotDecodeAreReadBySparkInTheSameTask() {
    Path legacy = dir.resolve("mixed/legacy");
    Path standard = dir.resolve("mixed/standard");
    SharedSpark.session().conf().set("spark.sql.parquet.writeLegacyFormat", "true");
    try {
      write(rows(400, 4, Integer.MAX_VALUE), legacy, 1);
    } finally {
      SharedSpark.session().conf().unset("spark.sql.parquet.writeLegacyFormat");
    }
    write(rows(400, 5, Integer.MAX_VALUE), standard, 1);
    Path delta = dir.resolve("mixed/delta");
    write(rows(300, 8, Integer.MAX_VALUE), delta, 1, "parquet.writer.version", "PARQUET_2_0");
    assertEquals(List.of(true, true, true), List.of(readByUnroll(legacy).contains("three-level"),
        readByUnroll(standard).isEmpty(), readByUnroll(delta).contains("DELTA_BINARY_PACKED")));
    assertSameBatches(1100, Map.of("spark.sql.files.maxPartitionBytes", "1000000000"), legacy, standard, delta);
  }

  @Test
  void theReaderIsChosenForPlainParquetOnlyAndSwitchedOffByItsConf() {
    Path in = dir.resolve("choice");
    write(rows(10, 6, Integer.MAX_VALUE), in, 1);
    SparkSession spark = SharedSpark.session();
    ColumnarInput on = ColumnarInput.of(spark.read().parquet(in.toString()));
    assertTrue(on.unrollReader(), on.scanName());
    ColumnarInput off = with(Map.of(ReaderOption.KEY, "spark"), () -> ColumnarInput.of(spark.read().parquet(in.toString())));
    assertFalse(off.unrollReader());
    assertTrue(off.scanName().contains("spark.unroll.reader=spark"), off.scanName());
    spark.conf().set("spark.sql.files.ignoreCorruptFiles", "true");
    try {
      ColumnarInput ignoring = ColumnarInput.of(spark.read().parquet(in.toString()));
      assertTrue(ignoring.columnar() && !ignoring.unrollReader(), ignoring.scanName());
    } finally {
      spark.conf().unset("spark.sql.files.ignoreCorruptFiles");
    }
    Path partitioned = dir.resolve("partitioned");
    spark.read().parquet(in.toString()).withColumn("part", org.apache.spark.sql.functions.lit(1)).write()
        .partitionBy("part").parquet(partitioned.toString());
    ColumnarInput byDirectory = ColumnarInput.of(spark.read().parquet(partitioned.toString()));
    assertTrue(byDirectory.scanName().contains("partition or metadata columns"), byDirectory.scanName());
    ColumnarInput strings = ColumnarInput.of(spark.read().parquet(in.toString()).withColumn("s", org.apache.spark.sql.functions.lit("x")));
    assertFalse(strings.columnar() && strings.unrollReader(), "a computed column is not the scan's");
  }

  @Test
  void recordsAndBytesReadAreReportedInTheTasksInputMetricsAsSparksReaderReportsThem() {
    Path in = dir.resolve("metrics");
    write(rows(1200, 7, Integer.MAX_VALUE), in, 2, SMALL_PAGES);
    long[] ours = with(Map.of(), () -> inputMetrics(in));
    long[] sparks = with(Map.of(ReaderOption.KEY, "spark"), () -> inputMetrics(in));
    assertEquals(1200, sparks[0]);
    assertEquals(sparks[0], ours[0], "records read");
    assertTrue(ours[1] > 0 && sparks[1] > 0, ours[1] + " and " + sparks[1] + " bytes read");
  }

  /** Records and bytes read by the tasks that read {@code in}'s batches (counted, nothing else). */
  private static long[] inputMetrics(Path in) {
    SparkSession spark = SharedSpark.session();
    long[] read = new long[2];
    var listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        synchronized (read) {
          read[0] += end.taskMetrics().inputMetrics().recordsRead();
          read[1] += end.taskMetrics().inputMetrics().bytesRead();
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      ColumnarInput.of(spark.read().schema(SCHEMA).parquet(in.toString())).batches().toJavaRDD().count();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the task-end events did not arrive", e);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    synchronized (read) {
      return read.clone();
    }
  }

  /** The batches of {@code in} read both ways, compared row by row, partition by partition. */
  private static void assertSameBatches(Path in, int rows, Map<String, String> conf) {
    assertEquals("", readByUnroll(in), "every file of the input is one the reader decodes");
    assertSameBatches(rows, conf, in);
  }

  private static void assertSameBatches(int rows, Map<String, String> conf, Path... in) {
    SparkSession spark = SharedSpark.session();
    String[] paths = java.util.Arrays.stream(in).map(Path::toString).toArray(String[]::new);
    List<String> ours = with(conf, () -> describe(spark.read().schema(SCHEMA).parquet(paths), true));
    List<String> sparks = with(conf, () -> with(Map.of(ReaderOption.KEY, "spark"),
        () -> describe(spark.read().schema(SCHEMA).parquet(paths), false)));
    assertEquals(rows, sparks.size());
    assertEquals(sparks, ours);
  }

  /** Why the reader hands the Parquet files under {@code dir} to Spark, one reason a file; empty when it reads all. */
  private static String readByUnroll(Path dir) {
    StringBuilder why = new StringBuilder();
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        var conf = new org.apache.hadoop.conf.Configuration();
        var path = new org.apache.hadoop.fs.Path(f.toUri());
        var batch = new ColumnarBatch(org.apache.spark.sql.execution.vectorized.OnHeapColumnVector.allocateColumns(16, SCHEMA));
        try (FileBatches read = FileBatches.open(conf, path, 0, java.nio.file.Files.size(f), SCHEMA, false, batch, 16,
            new ReadScratch(), why)) {
          while (read != null && read.next() != null) {
            // reads every batch: a decoding error fails here
          }
        }
        batch.close();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return why.toString();
  }

  private static List<String> describe(Dataset<Row> df, boolean unroll) {
    ColumnarInput input = ColumnarInput.of(df);
    assertTrue(input.columnar(), input.reason());
    assertEquals(unroll, input.unrollReader(), input.scanName());
    return input.batches().toJavaRDD().mapPartitionsWithIndex(new Describe(SCHEMA), true).collect();
  }

  /** Each row of each batch as text: partition, row, then every value, floats as their bits. */
  private static final class Describe implements Function2<Integer, Iterator<ColumnarBatch>, Iterator<String>> {
    private static final long serialVersionUID = 1L;
    private final StructType schema;

    Describe(StructType schema) {
      this.schema = schema;
    }

    @Override
    public Iterator<String> call(Integer partition, Iterator<ColumnarBatch> batches) {
      List<String> out = new ArrayList<>();
      while (batches.hasNext()) {
        ColumnarBatch b = batches.next();
        for (int r = 0; r < b.numRows(); r++) {
          StringBuilder s = new StringBuilder().append(partition).append(':');
          for (int c = 0; c < b.numCols(); c++) {
            value(b.column(c), r, schema.fields()[c].dataType(), s.append(' '));
          }
          out.add(s.toString());
        }
      }
      return out.iterator();
    }

    private static void value(ColumnVector v, int r, DataType type, StringBuilder s) {
      if (v.isNullAt(r)) {
        s.append("null");
      } else if (type instanceof ArrayType a) {
        var array = v.getArray(r);
        ColumnVector data = v.getChild(0);
        s.append('[');
        for (int i = 0; i < array.numElements(); i++) {
          // the array's elements are rows of the child vector from its offset
          value(data, offsetOf(v, r) + i, a.elementType(), s.append(i == 0 ? "" : ","));
        }
        s.append(']');
      } else if (type instanceof FloatType) {
        s.append(Integer.toHexString(Float.floatToRawIntBits(v.getFloat(r))));
      } else if (type instanceof DoubleType) {
        s.append(Long.toHexString(Double.doubleToRawLongBits(v.getDouble(r))));
      } else if (type instanceof IntegerType) {
        s.append(v.getInt(r));
      } else {
        s.append(v.getLong(r));
      }
    }

    private static int offsetOf(ColumnVector v, int r) {
      return ((org.apache.spark.sql.execution.vectorized.WritableColumnVector) v).getArrayOffset(r);
    }
  }

  /**
   * {@code n} rows: nulls at every depth of the nested list (every 7th row null, every 5th step null,
   * every 11th float null), empty lists at both depths, floats from a 13-value set for the first half
   * (a dictionary) and random after (the writer abandons the dictionary), required doubles, a nested list
   * required at every depth (as the benchmark's input; its second step empty); ids repeat
   * every {@code idCycle} rows (version 2 pages encode unique ids DELTA_BINARY_PACKED, which the reader
   * hands to Spark).
   */
  private static List<Row> rows(int n, long seed, int idCycle) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < n; i++) {
      boolean dictionary = i < n / 2;
      Object[] steps = null;
      if (i % 7 != 3) {
        steps = new Object[random.nextInt(6)];
        for (int t = 0; t < steps.length; t++) {
          if (++k % 5 == 0) {
            continue;
          }
          Float[] step = new Float[random.nextInt(5)];
          for (int f = 0; f < step.length; f++) {
            step[f] = ++k % 11 == 0 ? null : dictionary ? random.nextInt(13) / 4f : random.nextFloat() - 0.5f;
          }
          steps[t] = step;
        }
      }
      Float[] flat = i % 9 == 4 ? null : new Float[random.nextInt(4)];
      for (int f = 0; flat != null && f < flat.length; f++) {
        flat[f] = f == 2 ? null : random.nextFloat();
      }
      double[] weights = new double[i % 3];
      for (int w = 0; w < weights.length; w++) {
        weights[w] = random.nextGaussian();
      }
      float[][] required = new float[random.nextInt(4)][];
      for (int t = 0; t < required.length; t++) {
        required[t] = new float[t == 1 ? 0 : 3];
        for (int f = 0; f < required[t].length; f++) {
          required[t][f] = dictionary ? f : random.nextFloat();
        }
      }
      rows.add(RowFactory.create(1000L + i % idCycle, steps, flat, i % 13 == 0 ? null : random.nextInt(20), weights,
          required));
    }
    return rows;
  }

  /** Rows without a null or an empty list, but for those in {@code [holesFrom, holesTo)}. */
  private static List<Row> denseRows(int n, long seed, int holesFrom, int holesTo) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean holes = i >= holesFrom && i < holesTo;
      Object[] steps = new Object[1 + random.nextInt(6)];
      for (int t = 0; t < steps.length; t++) {
        Float[] step = new Float[(holes && t == 0 ? 0 : 1) + random.nextInt(5)];
        for (int f = 0; f < step.length; f++) {
          step[f] = holes && f == 1 ? null : random.nextFloat() - 0.5f;
        }
        steps[t] = step;
      }
      Float[] flat = new Float[1 + random.nextInt(4)];
      for (int f = 0; f < flat.length; f++) {
        flat[f] = random.nextFloat();
      }
      double[] weights = new double[1 + i % 3];
      for (int w = 0; w < weights.length; w++) {
        weights[w] = random.nextGaussian();
      }
      float[][] required = new float[1 + random.nextInt(3)][];
      for (int t = 0; t < required.length; t++) {
        required[t] = new float[1 + random.nextInt(3)];
        for (int f = 0; f < required[t].length; f++) {
          required[t][f] = random.nextFloat();
        }
      }
      rows.add(RowFactory.create(1000L + i % 10, holes && i % 2 == 0 ? null : steps, flat, random.nextInt(20), weights,
          required));
    }
    return rows;
  }

  private static void write(List<Row> rows, Path path, int files, String... options) {
    var writer = SharedSpark.session().createDataFrame(rows, SCHEMA).coalesce(1).repartition(files).write();
    for (int i = 0; i < options.length; i += 2) {
      writer = writer.option(options[i], options[i + 1]);
    }
    writer.parquet(path.toString());
  }

  /**
   * Runs with {@code conf} set, then puts back what the shared session had: unsetting would fall back
   * to Spark's defaults, not to the session's own settings (its 128 MB openCostInBytes, one file a
   * partition, which other classes' tests count on).
   */
  private static <T> T with(Map<String, String> conf, Supplier<T> run) {
    SparkSession spark = SharedSpark.session();
    Map<String, Option<String>> before = new HashMap<>();
    conf.keySet().forEach(key -> before.put(key, spark.conf().getOption(key)));
    conf.forEach((key, value) -> spark.conf().set(key, value));
    try {
      return run.get();
    } finally {
      before.forEach((key, value) -> {
        if (value.isDefined()) {
          spark.conf().set(key, value.get());
        } else {
          spark.conf().unset(key);
        }
      });
    }
  }
}
