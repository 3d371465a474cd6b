package dev.unroll.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.Provenance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the summary says about executors that ran the scalar fallback or boxed kernels. */
class JobSummaryTest {
  private static JobSummary with(List<String> scalar, List<String> boxed) {
    return new JobSummary(10, 10, 0, -1, "fail", 50, 60, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1.0, 2, "out",
        new Provenance("m.npz", "npz", "ab", List.of()), scalar, boxed);
  }

  private static JobSummary withFallback(List<String> executors) {
    return with(executors, List.of());
  }

  @Test
  void theSummaryNamesTheExecutorsThatFellBackToScalarCode() {
    JobSummary summary = withFallback(List.of("1", "3"));
    assertTrue(summary.describe().contains("matmul:            scalar FALLBACK on 2 executor(s) (1, 3): start them"
        + " with --add-modules jdk.incubator.vector"), summary.describe().toString());
    assertTrue(summary.toJson().contains("\"scalarFallbackExecutors\": 2,"), summary.toJson());
    assertTrue(withFallback(List.of()).describe().contains("matmul:            vectorised on every executor"));
  }

  @Test
  void theSummaryNamesTheExecutorsWhoseKernelsRanBoxed() {
    JobSummary summary = with(List.of(), List.of("7: 2.90 bytes allocated per multiply-add"));
    assertTrue(summary.describe().contains("matmul:            kernels BOXED by the JIT on 1 executor(s) (7: 2.90"
        + " bytes allocated per multiply-add, about 0 when compiled as intended): they went on with the scalar"
        + " kernels (the same results); a restarted executor compiles afresh"), summary.describe().toString());
    assertTrue(summary.toJson().contains("\"boxedKernelExecutors\": 1,"), summary.toJson());
    assertTrue(summary.toJson().contains("\"scalarFallbackExecutors\": 0,"), summary.toJson());
    JobSummary both = with(List.of("2"), List.of("7: 3.00 bytes", "9: 4.00 bytes"));
    assertTrue(both.describe().contains("matmul:            scalar FALLBACK on 1 executor(s) (2): start them with"
        + " --add-modules jdk.incubator.vector; kernels BOXED by the JIT on 2 executor(s) (7: 3.00 bytes; 9: 4.00"
        + " bytes, about 0 when compiled as intended): they went on with the scalar kernels (the same results);"
        + " a restarted executor compiles afresh"), both.describe().toString());
  }
}
