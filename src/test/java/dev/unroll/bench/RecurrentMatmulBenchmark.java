package dev.unroll.bench;

import dev.unroll.math.Gemm;
import dev.unroll.math.Gemms;
import dev.unroll.math.PackedMatrix;
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
 * The recurrent matmul of one step alone, {@code gates[batch × G·units] = bias + h[batch × units] · Wh}
 * in the preferred Gemm's tiles ({@code step}), and the step's whole pre-activation as the cells run it
 * ({@code preActivation}): G gate blocks of {@code units} columns, each {@code bias + x·Wx + h·Wh} in
 * one call over x's and h's tiles. Compared with the FMA peak, they say how close the kernel gets.
 *
 * <p>{@code jobs/benchmark-kernel.sh 'RecurrentMatmulBenchmark|FmaPeakBenchmark'}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class RecurrentMatmulBenchmark {

  @Param({"W1", "W2", "W3", "W4", "W5"})
  public Workload workload;

  private Gemm gemm;
  private PackedMatrix wh;
  private float[] h;
  private float[] gates;
  private float[] bias;
  private float[] x;
  private PackedMatrix[] blocks;
  private float[][] blockBiases;

  @Setup
  public void setUp() {
    Random r = new Random(3);
    int width = workload.kind.gates * workload.units;
    gemm = Gemms.preferred();
    wh = gemm.pack(Workload.random(r, workload.units * width), workload.units, width);
    h = Workload.random(r, workload.sequences * workload.units);
    gates = new float[workload.sequences * width];
    bias = Workload.random(r, width);
    x = Workload.random(r, workload.sequences * workload.input);
    blocks = new PackedMatrix[workload.kind.gates];
    blockBiases = new float[workload.kind.gates][];
    int k = workload.input + workload.units;
    for (int q = 0; q < blocks.length; q++) {
      blocks[q] = gemm.pack(Workload.random(r, k * workload.units), k, workload.units);
      blockBiases[q] = Workload.random(r, workload.units);
    }
  }

  @Benchmark
  public float[] step() {
    gemm.affineTiles(workload.sequences, h, 0, 0, h, 0, wh, bias, gates, 0);
    return gates;
  }

  @Benchmark
  public float[] preActivation() {
    int block = workload.sequences * workload.units; // the workloads' batches are whole tiles
    for (int q = 0; q < blocks.length; q++) {
      gemm.affineTiles(workload.sequences, x, 0, workload.input, h, 0, blocks[q], blockBiases[q], gates,
          q * block);
    }
    return gates;
  }
}
