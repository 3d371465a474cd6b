package dev.unroll.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The fork's CPU time per operation ({@code cpu.ms/op}): on a shared machine, time the kernel was
 * descheduled does not count, so unlike the wall time it barely moves with the load.
 *
 * <p>It is the sum over the fork's live threads of their CPU time, which the JVM reads in nanoseconds;
 * the process CPU time of {@code OperatingSystemMXBean} moves in 10 ms ticks here, 10% of what a
 * loaded 1 s iteration of W4 gets. A thread that ends within an iteration drops out of it (JMH keeps
 * its benchmark threads for the whole fork).
 *
 * <p>{@code java -cp ... org.openjdk.jmh.Main UnrollBenchmark -prof dev.unroll.bench.CpuTimeProfiler}
 */
public final class CpuTimeProfiler implements InternalProfiler {
  /** The name of the secondary result. */
  static final String METRIC = "cpu.ms/op";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long startNanos;

  @Override
  public String getDescription() {
    return "CPU time of the fork's threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    startNanos = cpuNanos();
  }

  @Override
  public List<ScalarResult> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
      IterationResult result) {
    long cpu = cpuNanos() - startNanos;
    long ops = result.getMetadata().getMeasuredOps();
    return List.of(new ScalarResult(METRIC, cpu / 1e6 / ops, "ms/op", AggregationPolicy.AVG));
  }

  private long cpuNanos() {
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      sum += Math.max(0, threads.getThreadCpuTime(id)); // -1 once a thread has ended
    }
    return sum;
  }
}
