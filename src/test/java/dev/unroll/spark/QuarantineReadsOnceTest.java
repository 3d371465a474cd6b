package dev.unroll.spark;

import static dev.unroll.spark.JobFixture.FEATURES;
import static dev.unroll.spark.JobFixture.config;
import static dev.unroll.spark.JobFixture.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.spark.partition.TestModels;
import dev.unroll.spark.plan.Preflight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --bad-rows quarantine} writes its bad rows from the scoring pass, reading the input once; only
 * when a task meets more bad rows than it may ship does a second pass find them, with the same result.
 */
class QuarantineReadsOnceTest {
  private final TestModels random = new TestModels(5);
  private final RnnModel model = RnnModel.of(Layer.of(random.lstm(FEATURES, 3)));

  @TempDir Path dir;

  @Test
  void aFewBadRowsAreQuarantinedWithoutReadingTheInputTwice() throws Exception {
    Path in = dir.resolve("in");
    JobFixture.writeWithBadRows(JobFixture.sequences(random, 40), 2, in);
    long sampled = preflightReads(config(in, dir.resolve("probe"), "bad-rows", "quarantine"));
    long[] read = new long[1];
    JobSummary summary = countingRecordsRead(read, () -> ScoringJob.run(spark(),
        config(in, dir.resolve("out"), "bad-rows", "quarantine"), TestModels.loaded(model), null));
    assertEquals(List.of(46L, 40L, 6L, 6L), List.of(summary.rowsRead(), summary.rowsScored(),
        summary.rowsRejected(), summary.rowsQuarantined()));
    assertEquals(sampled + 46, read[0], "input records read over the whole run: pre-flight's sample, then once");
    assertEquals(6, spark().read().parquet(dir.resolve("out_quarantine").toString()).count());
  }

  @Test
  void manyLargeBadRowsFallBackToASecondPassAndAreAllQuarantined() throws Exception {
    Path in = dir.resolve("in");
    // 120 bad rows of 400 steps each (a NaN in the last one): about 5 KB a row, over a task's budget
    int bad = 120;
    int steps = 400;
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("len", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < bad + 10; id++) {
      float[][] sequence = new float[steps][FEATURES];
      if (id < bad) {
        sequence[steps - 1][0] = Float.NaN;
      }
      rows.add(RowFactory.create(id, sequence, steps));
    }
    spark().createDataFrame(rows, schema).repartition(1).write().parquet(in.toString());
    long sampled = preflightReads(config(in, dir.resolve("probe"), "bad-rows", "quarantine"));
    long[] read = new long[1];
    JobSummary summary = countingRecordsRead(read, () -> ScoringJob.run(spark(),
        config(in, dir.resolve("out"), "bad-rows", "quarantine", "max-rejected", "100%"),
        TestModels.loaded(model), null));
    assertEquals(List.of(130L, 10L, 120L, 120L), List.of(summary.rowsRead(), summary.rowsScored(),
        summary.rowsRejected(), summary.rowsQuarantined()));
    assertEquals(sampled + 2 * 130, read[0],
        "input records read: pre-flight's sample, the scoring pass, then the quarantine pass");
    List<Row> quarantined = spark().read().parquet(dir.resolve("out_quarantine").toString()).collectAsList();
    assertEquals(bad, quarantined.size());
    for (Row r : quarantined) {
      assertEquals("column 'sequence': value at step 399 feature 0 is NaN", r.getAs("reason"));
    }
  }

  /** Records the pre-flight alone reads (it samples the first rows for their width), measured on its own. */
  private long preflightReads(JobConfig config) throws Exception {
    long[] read = new long[1];
    countingRecordsRead(read, () -> {
      Preflight.check(spark(), config, model, null);
      return null;
    });
    return read[0];
  }

  private static JobSummary countingRecordsRead(long[] read, Supplier<JobSummary> job) throws Exception {
    AtomicLong records = new AtomicLong();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          records.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
        }
      }
    };
    spark().sparkContext().addSparkListener(counter);
    try {
      return job.get();
    } finally {
      spark().sparkContext().listenerBus().waitUntilEmpty();
      spark().sparkContext().removeSparkListener(counter);
      read[0] = records.get();
    }
  }
}
