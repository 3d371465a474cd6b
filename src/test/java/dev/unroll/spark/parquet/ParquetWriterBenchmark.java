package dev.unroll.spark.parquet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Parquet file of scoring output (20,000 rows: a long id and the final h and c of 64 floats each,
 * as arrays or as 128 float columns) written by Spark's Parquet writer or the direct column writer
 * (float pages or value by value), with the job's default options (no dictionary or statistics on
 * floats, no dictionary on the id) and a chosen codec: the write half of the job without its read and
 * score. The result is the file's size, for comparing codecs.
 *
 * <p>{@code mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=target/cp.txt && flock /tmp/unroll-bench.lock java -cp
 * target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main ParquetWriterBenchmark
 * -prof dev.unroll.bench.CpuTimeProfiler}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED"})
public class ParquetWriterBenchmark {
  private static final int ROWS = 20_000;
  private static final int WIDTH = 64;

  /** The direct writer with float pages ({@code pages}) or value by value ({@code values}), or Spark's. */
  @Param({"pages", "values", "spark"})
  public String writer;

  @Param({"array", "columns"})
  public String layout;

  /** A codec, with {@code +bss} for BYTE_STREAM_SPLIT on the float columns. */
  @Param({"snappy"})
  public String codec;

  /** Whether the id column tries a dictionary (Parquet's default; the job turns it off). */
  @Param({"false"})
  public boolean idDictionary;

  private SparkSession spark;
  private OutputWriterFactory factory;
  private Configuration conf;
  private StructType schema;
  private InternalRow[] rows;
  private File dir;
  private int file;

  @Setup
  public void setUp() throws IOException {
    spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    schema = new StructType().add("id", DataTypes.LongType, true);
    if (layout.equals("array")) {
      schema = schema.add("h", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("c", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    } else {
      for (String state : new String[] {"h", "c"}) {
        for (int k = 0; k < WIDTH; k++) {
          schema = schema.add(state + "_" + k, DataTypes.FloatType, false);
        }
      }
    }
    Map<String, String> options = new java.util.HashMap<>(Map.of("compression", codec.replace("+bss", ""),
        DirectParquetFormat.WRITER, writer.equals("spark") ? "spark" : "direct",
        DirectParquetFormat.FLOAT_PAGES, String.valueOf(writer.equals("pages")),
        "parquet.enable.bytestreamsplit", String.valueOf(codec.endsWith("+bss"))));
    options.put("parquet.enable.dictionary#id", String.valueOf(idDictionary));
    for (String field : schema.fieldNames()) {
      if (field.equals("id")) {
        continue;
      }
      String column = layout.equals("array") ? field + ".list.element" : field;
      options.put("parquet.enable.dictionary#" + column, "false");
      options.put("parquet.column.statistics.enabled#" + column, "false");
    }
    Job job = Job.getInstance(spark.sessionState().newHadoopConfWithOptions(scalaMap(options)));
    factory = new DirectParquetFormat().prepareWrite(spark, job, scalaMap(options), schema);
    conf = job.getConfiguration();
    rows = rows(schema, layout.equals("array"));
    dir = Files.createTempDirectory("parquet-writer-bench").toFile();
  }

  /**
   * {@code options} as a Scala map, by {@code updated}, which Scala 2.12 and 2.13 both have. Its Java
   * signature is erased (the value type's lower bound has no Java form), hence the unchecked result.
   */
  @SuppressWarnings("unchecked")
  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> options) {
    scala.collection.immutable.Map<String, String> map = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : options.entrySet()) {
      map = map.updated(e.getKey(), e.getValue());
    }
    return map;
  }

  @TearDown
  public void tearDown() {
    spark.stop();
  }

  @Benchmark
  public long writeOneFile() {
    File out = new File(dir, "part-" + (file++) + ".parquet");
    OutputWriter w = factory.newInstance(out.getPath(), schema,
        new TaskAttemptContextImpl(conf, new TaskAttemptID()));
    for (InternalRow row : rows) {
      w.write(row);
    }
    w.close();
    long size = out.length();
    out.delete();
    return size;
  }

  @TearDown(Level.Iteration)
  public void clean() {
    File[] left = dir.listFiles();
    if (left != null) {
      for (File f : left) {
        f.delete();
      }
    }
  }

  /** Seeded Gaussian states as Spark hands them to a writer: unsafe rows. */
  private static InternalRow[] rows(StructType schema, boolean arrays) {
    Random random = new Random(7);
    UnsafeProjection project = UnsafeProjection.create(schema);
    InternalRow[] rows = new InternalRow[ROWS];
    for (int i = 0; i < ROWS; i++) {
      GenericInternalRow row = new GenericInternalRow(schema.size());
      row.setLong(0, i);
      if (arrays) {
        for (int s = 1; s <= 2; s++) {
          Object[] values = new Object[WIDTH];
          for (int k = 0; k < WIDTH; k++) {
            values[k] = (float) random.nextGaussian();
          }
          row.update(s, new GenericArrayData(values));
        }
      } else {
        for (int f = 1; f < schema.size(); f++) {
          row.setFloat(f, (float) random.nextGaussian());
        }
      }
      rows[i] = project.apply(row).copy();
    }
    return rows;
  }
}
