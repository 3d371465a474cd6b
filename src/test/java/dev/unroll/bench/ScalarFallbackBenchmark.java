package dev.unroll.bench;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.unroll.math.Gemm;
import dev.unroll.math.Gemms;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
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
 * The fallback comparison, in a JVM started WITHOUT {@code jdk.incubator.vector}: our unroll with what
 * {@code Gemms.preferred()} falls back to ({@code scalar}: scalar matmul and activations) against the
 * same unroll on breeze's pure-Java BLAS ({@code netlib-java}). Without the module
 * {@code JavaBLAS.getInstance()} is netlib's {@code Java11BLAS} (plain loops), not its
 * {@code VectorBLAS}, so both sides are plain Java that only the JIT can vectorise.
 *
 * <p>{@code jobs/benchmark-kernel.sh ScalarFallbackBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ScalarFallbackBenchmark {

  @Param({"W1", "W2", "W3", "W4", "W5"})
  public Workload workload;

  @Param({"scalar", "netlib-java"})
  public String gemm;

  private Unroller unroller;
  private SequenceBatch batch;

  @Setup
  public void setUp() {
    if (Gemms.vectorModulePresent()) {
      throw new IllegalStateException("this benchmark must run without jdk.incubator.vector");
    }
    Gemm g = switch (gemm) {
      case "scalar" -> Gemms.preferred();
      case "netlib-java" -> new NetlibGemm(JavaBLAS.getInstance());
      default -> throw new IllegalArgumentException("unknown gemm " + gemm);
    };
    unroller = new Unroller(PreparedModel.prepare(workload.model(), g));
    batch = workload.batch();
  }

  @Benchmark
  public UnrollResult unroll() {
    return unroller.unroll(batch, false);
  }
}
