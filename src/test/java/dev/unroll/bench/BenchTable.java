package dev.unroll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a JMH JSON result file of this package's benchmarks into the issue-4 table: per workload and
 * engine, the median time per mini-batch over all measured iterations, sequences/s, effective
 * GFLOP/s, ours ÷ theirs, and allocation; the no-vector-module fallback against netlib's pure Java;
 * then the FMA peak and the recurrent matmul's share of it.
 *
 * <p>{@code java -cp ... dev.unroll.bench.BenchTable target/jmh-result.json} (the last step of
 * {@code jobs/benchmark-kernel.sh}).
 */
public final class BenchTable {
  private static final String OURS = "unroll (tiled)";
  static final String OURS_SCALAR = "unroll scalar, no vector module";
  static final String NETLIB_SCALAR = "unroll + netlib Java11BLAS, no vector module";

  record Row(String engine, Workload workload, double medianMs, double allocBytes) {}

  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(new File(args[0]));
    List<Row> rows = new ArrayList<>();
    double peakGflops = Double.NaN;
    List<String> matmul = new ArrayList<>();
    List<JsonNode> matmulNodes = new ArrayList<>();
    for (JsonNode r : results) {
      String cls = JmhResults.benchmark(r);
      JsonNode params = r.path("params");
      double medianMs = JmhResults.medianMillis(r);
      double alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
      if (cls.startsWith("FmaPeakBenchmark")) {
        peakGflops = 2.0 * 16 * FmaPeakBenchmark.FMAS_PER_OP / (medianMs * 1e6);
        continue;
      }
      if (cls.startsWith("RaggedBatchBenchmark") || cls.startsWith("ElementWiseBenchmark")
          || !params.has("workload")) {
        continue; // not part of the table (nor is ParquetReadBenchmark): their lines in the JMH output are the result
      }
      if (cls.startsWith("RecurrentMatmulBenchmark")) {
        matmulNodes.add(r);
        continue;
      }
      Workload w = Workload.valueOf(params.get("workload").asText());
      String engine = switch (cls.substring(0, cls.indexOf('.'))) {
        case "UnrollBenchmark" -> switch (params.get("gemm").asText()) {
          case "tiled" -> OURS;
          case "netlib" -> "unroll + netlib BLAS.getInstance()";
          default -> "unroll + netlib JavaBLAS";
        };
        case "ScalarFallbackBenchmark" -> params.get("gemm").asText().equals("scalar") ? OURS_SCALAR
            : NETLIB_SCALAR;
        case "OnnxRuntimeBenchmark" -> "ONNX Runtime";
        case "TensorFlowBenchmark" -> "TensorFlow";
        default -> cls;
      };
      rows.add(new Row(engine, w, medianMs, alloc));
    }
    for (JsonNode r : matmulNodes) {
      Workload w = Workload.valueOf(r.get("params").get("workload").asText());
      double ms = JmhResults.medianMillis(r);
      double gflops = w.recurrentFlops() / w.steps / (ms * 1e6);
      matmul.add(String.format(Locale.ROOT, "| %s | %d x %d x %d | %.1f | %.0f%% |", w.name(), w.sequences,
          w.units, w.kind.gates * w.units, gflops, 100 * gflops / peakGflops));
    }

    System.out.println("| workload | engine | ms/batch (median) | sequences/s | GFLOP/s | ours / this | alloc B/batch | alloc B/step |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Workload w : Workload.values()) {
      double ours = medianOf(rows, w, OURS);
      for (Row row : rows) {
        if (row.workload != w) {
          continue;
        }
        double seconds = row.medianMs / 1e3;
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.0f | %.1f | %s | %s | %s |%n",
            w.describe(), row.engine, row.medianMs, w.sequences / seconds, w.flops() / seconds / 1e9,
            row.engine.equals(OURS) ? "-" : String.format(Locale.ROOT, "%.2f", row.medianMs / ours),
            Double.isNaN(row.allocBytes) ? "n/a" : String.format(Locale.ROOT, "%.0f", row.allocBytes),
            Double.isNaN(row.allocBytes) ? "n/a" : String.format(Locale.ROOT, "%.0f", row.allocBytes / w.steps));
      }
    }
    System.out.println();
    printFallback(rows);
    System.out.println();
    System.out.printf(Locale.ROOT, "Single-core FP32 peak (12 chains of 512-bit FMAs, registers only): %.1f GFLOP/s%n",
        peakGflops);
    System.out.println();
    System.out.println("| workload | recurrent matmul m x k x n | GFLOP/s | of peak |");
    System.out.println("|---|---|---|---|");
    matmul.forEach(System.out::println);
  }

  /**
   * The fair fallback comparison: both engines in the same JVM without the vector module (so netlib's
   * pure-Java path is its plain-loop Java11BLAS, not VectorBLAS), scalar activations on both sides.
   */
  static void printFallback(List<Row> rows) {
    System.out.println("| workload | no vector module: ours scalar GFLOP/s | netlib Java11BLAS GFLOP/s | ours / netlib |");
    System.out.println("|---|---|---|---|");
    for (Workload w : Workload.values()) {
      double ours = medianOf(rows, w, OURS_SCALAR);
      double netlib = medianOf(rows, w, NETLIB_SCALAR);
      if (Double.isNaN(ours) && Double.isNaN(netlib)) {
        continue;
      }
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f |%n", w.name(), w.flops() / ours / 1e6,
          w.flops() / netlib / 1e6, netlib / ours);
    }
  }

  private static double medianOf(List<Row> rows, Workload w, String engine) {
    return rows.stream().filter(x -> x.workload == w && x.engine.equals(engine))
        .mapToDouble(Row::medianMs).findFirst().orElse(Double.NaN);
  }
}
