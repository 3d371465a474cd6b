package dev.unroll.spark.partition;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.plan.PartitionPlan;
import dev.unroll.spark.plan.Preflight;
import dev.unroll.spark.read.ReaderOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The read half on its own: the input read as rows (Spark's {@code ColumnarToRow} copy) and as the scan's
 * column batches (from Spark's Parquet reader and from unroll's, {@code spark.unroll.reader}), each row
 * checked and copied into a sort window as the job does, nothing scored; and the scan alone (its batches
 * counted, nothing read from them), the floor of both, with either reader.
 * Alternates the two in one JVM after a warm-up round and prints the tasks' CPU time (Spark's
 * {@code executorCpuTime}) per path, median of the rounds, so that a loaded machine's wall-clock noise
 * stays out. Run: {@code java [spark.jvm.flags] -cp target/test-classes:target/classes:$(cat
 * target/local-classpath.txt) dev.unroll.spark.partition.ReadPathBench INPUT LENGTH_COLUMN FEATURES ROUNDS}
 * (the benchmark input: {@code /tmp/bvp/data/n1000000 length 32 5}).
 */
public final class ReadPathBench {
  private ReadPathBench() {}

  public static void main(String[] args) throws Exception {
    String input = args[0];
    int features = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("read-path-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.files.maxPartitionBytes", "25165824").getOrCreate();
    AtomicLong cpu = new AtomicLong();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        cpu.addAndGet(end.taskMetrics().executorCpuTime());
      }
    });
    RnnModel model = RnnModel.of(Layer.of(new TestModels(1).lstm(features, 8)));
    JobConfig config = ConfigResolver.resolve(Map.of("weights", "w", "input", input, "output", "o",
        "length-column", args[1]), Map.of());
    Dataset<Row> df = spark.read().parquet(input);
    PartitionPlan plan = Preflight.plan(df.schema(), config.input(), config.output(), config.run(), model, null);
    String[] names = {"rows", "batches, Spark's reader", "batches, unroll's reader", "scan only, Spark's reader",
        "scan only, unroll's reader"};
    List<List<Double>> seconds = new ArrayList<>();
    for (String name : names) {
      seconds.add(new ArrayList<>());
    }
    for (int round = 0; round <= rounds; round++) {
      for (int path = 0; path < names.length; path++) {
        // paths 1 and 3 read with Spark's Parquet reader, 2 and 4 with unroll's
        spark.conf().set(ReaderOption.KEY, path == 1 || path == 3 ? "spark" : "unroll");
        Dataset<Row> selected = df.select(plan.input().selection());
        cpu.set(0);
        long rows;
        if (path == 0) {
          rows = Catalyst.internalRows(selected).toJavaRDD().mapPartitions(new ReadOnly(plan)).reduce(Long::sum);
        } else if (path >= 3) {
          rows = ColumnarInput.of(selected).batches().toJavaRDD().map(ColumnarBatch::numRows).reduce(Integer::sum);
        } else {
          ColumnarInput columnar = ColumnarInput.of(selected);
          rows = columnar.batches().toJavaRDD().mapPartitions(new ReadBatches(plan, columnar.columns()))
              .reduce(Long::sum);
        }
        spark.sparkContext().listenerBus().waitUntilEmpty();
        if (round > 0) {
          seconds.get(path).add(cpu.get() / 1e9);
        }
        System.out.printf("round %d %s: %d rows, task CPU %.2f s%n", round, names[path], rows,
            cpu.get() / 1e9);
      }
    }
    for (int path = 0; path < names.length; path++) {
      System.out.printf("median task CPU over %d rounds, %s: %.2f s%n", rounds, names[path], median(seconds.get(path)));
    }
    spark.stop();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Checks and copies every row into a window, as scoring does, and counts them. */
  static final class ReadOnly implements FlatMapFunction<Iterator<InternalRow>, Long> {
    private static final long serialVersionUID = 1L;
    private final PartitionPlan plan;

    ReadOnly(PartitionPlan plan) {
      this.plan = plan;
    }

    @Override
    public Iterator<Long> call(Iterator<InternalRow> rows) {
      SequenceReader reader = new SequenceReader(plan.input(), null);
      ScoringWindow window = new ScoringWindow(plan.input(), plan.output(), plan.sortWindow(), plan.batchSize(),
          PartitionBuffers.take());
      long n = 0;
      while (rows.hasNext()) {
        if (window.isFull()) {
          window.clear();
        }
        if (window.add(rows.next(), reader)) {
          n++;
        }
      }
      window.clear();
      window.release().park();
      return List.of(n).iterator();
    }
  }

  static final class ReadBatches implements FlatMapFunction<Iterator<ColumnarBatch>, Long> {
    private static final long serialVersionUID = 1L;
    private final ReadOnly read;
    private final BatchColumns columns;

    ReadBatches(PartitionPlan plan, BatchColumns columns) {
      this.read = new ReadOnly(plan);
      this.columns = columns;
    }

    @Override
    public Iterator<Long> call(Iterator<ColumnarBatch> batches) {
      return read.call(columns.rows(batches));
    }
  }
}
