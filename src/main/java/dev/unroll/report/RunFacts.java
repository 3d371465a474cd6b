package dev.unroll.report;

import dev.unroll.weights.Provenance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page says about the run besides its statistics: how it was started, with what, on what, and
 * the figures of its summary ({@code _unroll_summary.json}'s names and values, shown as they are there).
 *
 * @param commandLine the command as given, secrets masked
 * @param options the resolved options, one {@code option = value} line each, secrets masked
 * @param summary the summary's figures by their JSON name
 * @param reconciliation the summary's check line: rows read = rows scored + rows rejected
 */
public record RunFacts(String commandLine, List<String> options, Provenance weights, String sparkVersion,
    String javaVersion, int cores, String output, Map<String, Number> summary, String reconciliation) {
  public RunFacts {
    options = List.copyOf(options);
    summary = new LinkedHashMap<>(summary);
  }

  /** The summary figure {@code key}, or NaN when the summary has none. */
  public double figure(String key) {
    Number n = summary.get(key);
    return n == null ? Double.NaN : n.doubleValue();
  }
}
