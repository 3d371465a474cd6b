package dev.unroll.spark.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reader alone, one thread: a file like one of the end-to-end benchmark's inputs (the Spark + ORT
 * peer's generator: 12,500 rows of {@code id}, {@code sequence} of 1-20 steps of 32 floats, all
 * required, snappy, written by Spark) read batch by batch into one reused batch of 4096 rows, as a
 * task of the job reads it. Per file: {@code jobs/benchmark-kernel.sh ParquetReadBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
// Spark's own JVM options (pom.xml's spark.jvm.flags), which it needs on Java 17 and later
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"})
public class ParquetReadBenchmark {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false);
  private static final int ROWS = 12_500;
  private static final int BATCH = 4096;

  private Path dir;
  private org.apache.hadoop.fs.Path file;
  private long length;
  private final Configuration conf = new Configuration();
  private ColumnarBatch batch;

  @Setup(Level.Trial)
  public void write() throws Exception {
    dir = Files.createTempDirectory("parquet-read-benchmark");
    SparkSession spark = SparkSession.builder().master("local[1]").appName("parquet-read-benchmark")
        .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
    Random random = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      float[][] steps = new float[1 + random.nextInt(20)][32];
      for (float[] step : steps) {
        for (int f = 0; f < step.length; f++) {
          step[f] = (float) random.nextGaussian();
        }
      }
      rows.add(RowFactory.create((long) i, steps));
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(dir.resolve("in").toString());
    spark.stop();
    try (var files = Files.list(dir.resolve("in"))) {
      Path f = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      file = new org.apache.hadoop.fs.Path(f.toUri());
      length = Files.size(f);
    }
    batch = new ColumnarBatch(OnHeapColumnVector.allocateColumns(BATCH, SCHEMA));
  }

  @Benchmark
  public long readFile() throws Exception {
    long leaves = 0;
    StringBuilder why = new StringBuilder();
    try (FileBatches read =
        FileBatches.open(conf, file, 0, length, SCHEMA, false, batch, BATCH, new ReadScratch(), why)) {
      if (read == null) {
        throw new IllegalStateException(why.toString());
      }
      for (ColumnarBatch b = read.next(); b != null; b = read.next()) {
        leaves += b.column(1).getArray(b.numRows() - 1).getArray(0).getFloat(0) > 0 ? 1 : 0;
        leaves += b.numRows();
      }
    }
    return leaves;
  }

  @TearDown(Level.Trial)
  public void delete() throws Exception {
    batch.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
