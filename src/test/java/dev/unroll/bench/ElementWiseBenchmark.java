package dev.unroll.bench;

import dev.unroll.math.Activation;
import dev.unroll.math.Activations;
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
 * The element-wise half of one step alone, on a workload's batch × units, from fresh
 * pre-activations: {@code passes} runs it as one pass per function over whole gate blocks (the
 * general path, the cells' for any activations), {@code fused} as the usual cells run it
 * ({@link Activations#lstmSigmoidTanh}, {@link Activations#applyInto}). Both give the same bits.
 *
 * <p>{@code jobs/benchmark-kernel.sh ElementWiseBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class ElementWiseBenchmark {

  @Param({"W1", "W4", "W5"})
  public Workload workload;

  @Param({"passes", "fused"})
  public String path;

  private final Activations acts = Activations.preferred();
  private float[] preActivations;
  private float[] gates;
  private float[] c;
  private float[] h;
  private int block;

  @Setup
  public void setUp() {
    Random r = new Random(4);
    block = workload.sequences * workload.units;
    preActivations = new float[4 * block];
    for (int i = 0; i < preActivations.length; i++) {
      preActivations[i] = (float) r.nextGaussian() * 2f; // pre-activations of the seeded benchmark weights
    }
    gates = new float[4 * block];
    c = Workload.random(r, block);
    h = new float[block];
  }

  @Benchmark
  public float[] lstm() {
    System.arraycopy(preActivations, 0, gates, 0, gates.length); // as the matmul leaves them
    if (path.equals("fused")) {
      acts.lstmSigmoidTanh(gates, c, h, block, Float.NaN);
    } else {
      acts.apply(Activation.SIGMOID, gates, 0, 2 * block);
      acts.apply(Activation.TANH, gates, 2 * block, block);
      acts.lstmCellUpdate(gates, 0, block, 2 * block, c, 0, h, 0, block, Float.NaN);
      acts.apply(Activation.SIGMOID, gates, 3 * block, block);
      acts.apply(Activation.TANH, h, 0, block);
      acts.multiply(h, 0, gates, 3 * block, h, 0, block);
    }
    return h;
  }

  @Benchmark
  public float[] rnn() {
    System.arraycopy(preActivations, 0, gates, 0, block);
    if (path.equals("fused")) {
      acts.applyInto(Activation.TANH, gates, 0, h, 0, block);
    } else {
      acts.apply(Activation.TANH, gates, 0, block);
      System.arraycopy(gates, 0, h, 0, block);
    }
    return h;
  }
}
