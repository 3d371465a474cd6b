package dev.unroll.bench;

import dev.ludovic.netlib.blas.BLAS;
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
 * One mini-batch of a workload through our unroll, with our matmul ({@code tiled}) or breeze's BLAS
 * ({@code netlib}: whatever {@code BLAS.getInstance()} picks; {@code netlib-java}: its pure-Java path).
 *
 * <p>{@code mvn -B -q test-compile && java -cp target/test-classes:target/classes:$(cat
 * target/bench-classpath.txt) org.openjdk.jmh.Main UnrollBenchmark -prof gc} (or
 * {@code jobs/benchmark-kernel.sh UnrollBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class UnrollBenchmark {

  @Param({"W1", "W2", "W3", "W4", "W5"})
  public Workload workload;

  @Param({"tiled", "netlib", "netlib-java"})
  public String gemm;

  private Unroller unroller;
  private SequenceBatch batch;

  @Setup
  public void setUp() {
    Gemm g = switch (gemm) {
      case "tiled" -> Gemms.preferred();
      case "netlib" -> new NetlibGemm(BLAS.getInstance());
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
