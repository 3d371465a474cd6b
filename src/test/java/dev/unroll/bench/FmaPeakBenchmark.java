package dev.unroll.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The single-core FP32 peak: {@link #FMAS_PER_OP} 512-bit FMAs in 12 independent register chains
 * (enough to cover FMA latency on two pipes), no memory traffic. GFLOP/s = 2 · 16 · FMAS_PER_OP / time.
 *
 * <p>The peer harness measures the same loop (12 chains of {@code SPECIES_512} FMAs); on the project's
 * 2-core AMD EPYC (Zen 5, full 512-bit FMA pipes) both give about 260 GFLOP/s on a quiet core, two
 * FMAs a cycle at about 4.1 GHz.
 *
 * <p>{@code jobs/benchmark-kernel.sh FmaPeakBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FmaPeakBenchmark {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  static final int ROUNDS = 100_000;
  static final long FMAS_PER_OP = 12L * ROUNDS;

  public float a = 0.999f;
  public float b = 0.001f;

  @Benchmark
  public float fmaLoop() {
    FloatVector x = FloatVector.broadcast(S, a);
    FloatVector y = FloatVector.broadcast(S, b);
    FloatVector c0 = FloatVector.broadcast(S, 1f);
    FloatVector c1 = c0.add(1f);
    FloatVector c2 = c0.add(2f);
    FloatVector c3 = c0.add(3f);
    FloatVector c4 = c0.add(4f);
    FloatVector c5 = c0.add(5f);
    FloatVector c6 = c0.add(6f);
    FloatVector c7 = c0.add(7f);
    FloatVector c8 = c0.add(8f);
    FloatVector c9 = c0.add(9f);
    FloatVector c10 = c0.add(10f);
    FloatVector c11 = c0.add(11f);
    for (int i = 0; i < ROUNDS; i++) {
      c0 = c0.fma(x, y);
      c1 = c1.fma(x, y);
      c2 = c2.fma(x, y);
      c3 = c3.fma(x, y);
      c4 = c4.fma(x, y);
      c5 = c5.fma(x, y);
      c6 = c6.fma(x, y);
      c7 = c7.fma(x, y);
      c8 = c8.fma(x, y);
      c9 = c9.fma(x, y);
      c10 = c10.fma(x, y);
      c11 = c11.fma(x, y);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(VectorOperators.ADD);
  }
}
