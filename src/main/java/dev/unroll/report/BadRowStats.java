package dev.unroll.report;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rejected rows by reason, with the first few ids of each. At most {@link #REASONS} distinct reasons are
 * kept; rows with any other reason are counted under {@link #OTHER}, so memory stays bounded even when
 * reasons carry values (a length, a position).
 */
public final class BadRowStats implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int REASONS = 20;
  static final int EXAMPLES = 3;
  public static final String OTHER = "(other reasons)";

  private final LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
  private final LinkedHashMap<String, List<String>> examples = new LinkedHashMap<>();

  public void add(String reason, String id) {
    addCounted(reason, 1, List.of(id));
  }

  /** Counts {@code n} rows rejected for {@code reason}, with some of their ids (a saved run's figures). */
  void addCounted(String reason, long n, List<String> ids) {
    String key = counts.containsKey(reason) || counts.size() < REASONS ? reason : OTHER;
    counts.merge(key, n, Long::sum);
    List<String> kept = examples.computeIfAbsent(key, k -> new ArrayList<>());
    for (String id : ids) {
      if (kept.size() < EXAMPLES) {
        kept.add(id);
      }
    }
  }

  public void merge(BadRowStats other) {
    other.counts.forEach((reason, n) -> addCounted(reason, n, other.examples.getOrDefault(reason, List.of())));
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Count per reason, most frequent first. */
  public Map<String, Long> byReason() {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  public List<String> examples(String reason) {
    return List.copyOf(examples.getOrDefault(reason, List.of()));
  }
}
