package dev.unroll.bench;

import dev.unroll.cell.PreActivation;
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
 * ({@code preActivation}, the cells' own {@link PreActivation}): G gate blocks of {@code units} columns,
 * each {@code bias + x·Wx + h·Wh} in one call over x's and h's tiles. Compared with the FMA peak, they
 * say how close the kernel gets.
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
  private PreActivation gateBlocks;

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
    gateBlocks = new PreActivation(gemm, Workload.random(r, workload.input * width),
        Workload.random(r, workload.units * width), bias, workload.input, workload.units, width, workload.units,
        0, workload.kind.gates);
  }

  @Benchmark
  public float[] step() {
    gemm.affineTiles(workload.sequences, h, 0, 0, h, 0, wh, bias, gates, 0);
    return gates;
  }

  @Benchmark
  public float[] preActivation() {
    gateBlocks.apply(workload.sequences, x, 0, h, gates, 0);
    return gates;
  }
}
