package dev.unroll.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RunStats} as the JSON saved beside the summary ({@code _unroll_stats.json}), and back: every
 * mergeable part is kept (histogram bins sparsely, by index), so a later {@code unroll report --compare}
 * reads a run's statistics without reading its output.
 */
public final class StatsJson {
  /** Bumped when the layout changes; a reader refuses a version it does not know. */
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatsJson() {}

  public static String write(RunStats stats) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.set("lengths", histogram(stats.lengths()));
    ArrayNode embeddings = root.putArray("embeddings");
    for (EmbeddingStats e : stats.embeddings()) {
      ObjectNode node = embeddings.addObject();
      node.put("name", e.name());
      node.set("norms", histogram(e.norms()));
      Moments m = e.dims();
      node.put("rows", m.count());
      ArrayNode mean = node.putArray("mean");
      ArrayNode m2 = node.putArray("m2");
      ArrayNode min = node.putArray("min");
      ArrayNode max = node.putArray("max");
      for (int d = 0; d < m.width(); d++) {
        mean.add(m.count() == 0 ? 0 : m.mean(d));
        m2.add(m.m2(d));
        min.add(m.count() == 0 ? 0 : m.min(d));
        max.add(m.count() == 0 ? 0 : m.max(d));
      }
      node.put("values", e.values());
      node.put("saturated", e.saturated());
      node.put("nonFiniteRows", e.nonFiniteRows());
      ArrayNode at = node.putArray("nonFiniteAt");
      e.nonFiniteAt().forEach(at::add);
    }
    ObjectNode throughput = root.putObject("throughput");
    throughput.put("widthMillis", stats.throughput().widthMillis());
    ObjectNode buckets = throughput.putObject("rows");
    stats.throughput().rowsByStart().forEach((start, n) -> buckets.put(Long.toString(start), n));
    ArrayNode tasks = root.putArray("tasks");
    for (TaskTiming t : stats.tasks()) {
      ObjectNode node = tasks.addObject();
      node.put("partition", t.partition());
      node.put("executor", t.executor());
      node.put("startMillis", t.startMillis());
      node.put("endMillis", t.endMillis());
      node.put("readNanos", t.readNanos());
      node.put("scoreNanos", t.scoreNanos());
      node.put("rows", t.rows());
    }
    ArrayNode bad = root.putArray("badRows");
    stats.badRows().byReason().forEach((reason, n) -> {
      ObjectNode node = bad.addObject();
      node.put("reason", reason);
      node.put("count", n);
      ArrayNode ids = node.putArray("examples");
      stats.badRows().examples(reason).forEach(ids::add);
    });
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run statistics: " + e.getMessage(), e);
    }
  }

  /**
   * Reads statistics written by {@link #write}.
   *
   * @param where names the file in messages
   * @throws IllegalArgumentException naming {@code where} and what is wrong
   */
  public static RunStats read(String text, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + " is not JSON: " + e.getOriginalMessage());
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new IllegalArgumentException(where + ": statistics version " + version + ", expected " + VERSION
          + " (written by another version of unroll?)");
    }
    List<EmbeddingStats> embeddings = new ArrayList<>();
    for (JsonNode node : root.path("embeddings")) {
      List<String> at = new ArrayList<>();
      node.path("nonFiniteAt").forEach(n -> at.add(n.asText()));
      Moments m = Moments.of(node.path("rows").asLong(), doubles(node.path("mean")), doubles(node.path("m2")),
          doubles(node.path("min")), doubles(node.path("max")));
      embeddings.add(new EmbeddingStats(node.path("name").asText(), histogram(node.path("norms")), m,
          node.path("values").asLong(), node.path("saturated").asLong(), node.path("nonFiniteRows").asLong(), at));
    }
    Map<Long, Double> buckets = new LinkedHashMap<>();
    JsonNode throughput = root.path("throughput");
    for (Map.Entry<String, JsonNode> e : throughput.path("rows").properties()) {
      buckets.put(Long.parseLong(e.getKey()), e.getValue().asDouble());
    }
    List<TaskTiming> tasks = new ArrayList<>();
    for (JsonNode t : root.path("tasks")) {
      tasks.add(new TaskTiming(t.path("partition").asInt(), t.path("executor").asText(),
          t.path("startMillis").asLong(), t.path("endMillis").asLong(), t.path("readNanos").asLong(),
          t.path("scoreNanos").asLong(), t.path("rows").asLong()));
    }
    BadRowStats bad = new BadRowStats();
    for (JsonNode b : root.path("badRows")) {
      BadRowStats one = new BadRowStats();
      List<String> ids = new ArrayList<>();
      b.path("examples").forEach(n -> ids.add(n.asText()));
      one.addCounted(b.path("reason").asText(), b.path("count").asLong(), ids);
      bad.merge(one);
    }
    return new RunStats(histogram(root.path("lengths")), embeddings,
        Timeline.of(Math.max(1, throughput.path("widthMillis").asLong(Timeline.BASE_WIDTH_MILLIS)), buckets), tasks,
        bad);
  }

  private static ObjectNode histogram(Histogram h) {
    ObjectNode node = JSON.createObjectNode();
    node.put("count", h.count());
    node.put("sum", h.sum());
    node.put("sumSquares", h.sumSquares());
    node.put("min", h.count() == 0 ? 0 : h.min());
    node.put("max", h.count() == 0 ? 0 : h.max());
    ObjectNode bins = node.putObject("bins");
    long[] counts = h.counts();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        bins.put(Integer.toString(i), counts[i]);
      }
    }
    return node;
  }

  private static Histogram histogram(JsonNode node) {
    long[] counts = new long[Histogram.BINS];
    for (Map.Entry<String, JsonNode> e : node.path("bins").properties()) {
      int bin = Integer.parseInt(e.getKey());
      if (bin >= 0 && bin < counts.length) {
        counts[bin] = e.getValue().asLong();
      }
    }
    return Histogram.of(counts, node.path("count").asLong(), node.path("sum").asDouble(),
        node.path("sumSquares").asDouble(), node.path("min").asDouble(), node.path("max").asDouble());
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }
}
