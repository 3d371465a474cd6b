package dev.unroll.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The fork's process CPU time per operation ({@code cpu.ms/op}): on a shared machine, time the kernel
 * was descheduled does not count, so unlike the wall time it barely moves with the load. It is the
 * figure to compare with the peer harness's {@code ms × cpu/wall}, the same measure taken the same way.
 *
 * <p>{@code java -cp ... org.openjdk.jmh.Main UnrollBenchmark -prof dev.unroll.bench.CpuTimeProfiler}
 */
public final class CpuTimeProfiler implements InternalProfiler {
  /** The name of the secondary result. */
  static final String METRIC = "cpu.ms/op";

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long startNanos;

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    startNanos = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
      IterationResult result) {
    long cpu = os.getProcessCpuTime() - startNanos;
    long ops = result.getMetadata().getMeasuredOps();
    return List.of(new ScalarResult(METRIC, cpu / 1e6 / ops, "ms/op", AggregationPolicy.AVG));
  }
}
