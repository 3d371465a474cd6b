package dev.unroll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading JMH's JSON results: per-iteration times in milliseconds, overall and per fork. */
final class JmhResults {
  private JmhResults() {}

  /** The class and method of a result, e.g. {@code UnrollBenchmark.unroll}. */
  static String benchmark(JsonNode result) {
    String b = result.get("benchmark").asText();
    return b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
  }

  /** Each fork's iterations of the primary metric (time), in milliseconds per operation. */
  static List<double[]> forksMillis(JsonNode result) {
    return forksMillis(result, null);
  }

  /**
   * Each fork's iterations of the secondary metric {@code secondary} (the primary when null), in
   * milliseconds per operation; empty when the run did not record it.
   */
  static List<double[]> forksMillis(JsonNode result, String secondary) {
    JsonNode metric = secondary == null
        ? result.get("primaryMetric") : result.path("secondaryMetrics").get(secondary);
    if (metric == null) {
      return List.of();
    }
    String unit = metric.get("scoreUnit").asText();
    List<double[]> forks = new ArrayList<>();
    for (JsonNode fork : metric.get("rawData")) {
      double[] v = new double[fork.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = toMillis(fork.get(i).asDouble(), unit);
      }
      forks.add(v);
    }
    return forks;
  }

  /** The median over all iterations of all forks, in milliseconds per operation. */
  static double medianMillis(JsonNode result) {
    return median(forksMillis(result).stream().flatMapToDouble(Arrays::stream).toArray());
  }

  static double median(double[] values) {
    double[] a = values.clone();
    Arrays.sort(a);
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  private static double toMillis(double value, String unit) {
    return switch (unit) {
      case "ms/op" -> value;
      case "us/op" -> value / 1e3;
      case "ns/op" -> value / 1e6;
      case "s/op" -> value * 1e3;
      default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
    };
  }
}
