package dev.unroll.bench;

import dev.unroll.math.Gemms;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.Unroller;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * One workload's batch through the unroll again and again in a fresh JVM, as a JMH fork of
 * {@code UnrollBenchmark} runs it: 2 s of warm-up, then 5 s measured, printed as milliseconds of the
 * thread's CPU time a batch. {@code jobs/compiled-code.sh} has the JIT print the kernels' code meanwhile,
 * so each fork's speed stands beside the code it ran. {@code UnrollLoop WORKLOAD}.
 */
public final class UnrollLoop {
  private static final double WARMUP_SECONDS = 2;
  private static final double MEASURED_SECONDS = 5;

  private UnrollLoop() {}

  public static void main(String[] args) {
    Workload workload = Workload.valueOf(args[0]);
    Unroller unroller = new Unroller(PreparedModel.prepare(workload.model(), Gemms.preferred()));
    SequenceBatch batch = workload.batch();
    runFor(unroller, batch, WARMUP_SECONDS);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    int batches = runFor(unroller, batch, MEASURED_SECONDS);
    double ms = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / batches;
    System.out.printf("%s: %.2f ms a batch (thread CPU time, %d batches after %.0f s)%n", workload, ms, batches,
        WARMUP_SECONDS);
  }

  private static int runFor(Unroller unroller, SequenceBatch batch, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int batches = 0;
    do {
      unroller.unroll(batch, false);
      batches++;
    } while (System.nanoTime() < end);
    return batches;
  }
}
