package dev.unroll.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.Provenance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the summary says about executors that ran the scalar fallback. */
class JobSummaryTest {
  private static JobSummary withFallback(List<String> executors) {
    return new JobSummary(10, 10, 0, -1, "fail", 50, 60, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1.0, 2, "out",
        new Provenance("m.npz", "npz", "ab", List.of()), executors);
  }

  @Test
  void theSummaryNamesTheExecutorsThatFellBackToScalarCode() {
    JobSummary summary = withFallback(List.of("1", "3"));
    assertTrue(summary.describe().contains("matmul:            scalar FALLBACK on 2 executor(s) (1, 3): start them"
        + " with --add-modules jdk.incubator.vector"), summary.describe().toString());
    assertTrue(summary.toJson().contains("\"scalarFallbackExecutors\": 2,"), summary.toJson());
    assertTrue(withFallback(List.of()).describe().contains("matmul:            vectorised on every executor"));
  }
}
