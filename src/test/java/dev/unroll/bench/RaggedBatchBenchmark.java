package dev.unroll.bench;

import dev.unroll.cell.LstmCell;
import dev.unroll.math.Gemms;
import dev.unroll.model.Layer;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ragged mini-batches like the Spark job's (256 sequences, lengths uniform in 1..maxLength), where
 * the live rows thin out step by step: the case for which a batch's input projection could be done
 * ahead of the recurrence, measured against doing it inside each step's matmul. Not part of the
 * issue-4 table; {@code jobs/benchmark-kernel.sh RaggedBatchBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class RaggedBatchBenchmark {
  private static final int BATCH = 256;

  @Param({"20", "100"})
  public int maxLength;

  /** LSTM input width and units. */
  @Param({"32:64", "64:128", "256:512"})
  public String shape;

  private Unroller unroller;
  private SequenceBatch batch;

  @Setup
  public void setUp() {
    int input = Integer.parseInt(shape.split(":")[0]);
    int units = Integer.parseInt(shape.split(":")[1]);
    Random r = new Random(1);
    LstmCell cell = new LstmCell(input, units, 0, Workload.random(r, input * 4 * units),
        Workload.random(r, units * 4 * units), Workload.random(r, 4 * units), null, null,
        LstmCell.Options.DEFAULT);
    unroller = new Unroller(PreparedModel.prepare(RnnModel.of(Layer.of(cell)), Gemms.preferred()));
    int[] lengths = new int[BATCH];
    int steps = 0;
    for (int i = 0; i < BATCH; i++) {
      lengths[i] = 1 + r.nextInt(maxLength);
      steps += lengths[i];
    }
    batch = new SequenceBatch(BATCH, input, lengths, Workload.random(r, steps * input));
  }

  @Benchmark
  public UnrollResult unroll() {
    return unroller.unroll(batch, false);
  }
}
