package dev.unroll.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run report, {@code _unroll_report.html}: one self-contained page, no script, no network. */
public final class RunReport {
  /** Name of the page published with the output. */
  public static final String FILE = "_unroll_report.html";
  /** Name of the statistics published with the output, which {@code report --compare} reads. */
  public static final String STATS_FILE = "_unroll_stats.json";
  /** How many of the slowest partitions are named. */
  static final int SLOWEST = 5;
  private static final int BARS = 40;

  private RunReport() {}

  public static String render(RunStats stats, RunFacts facts) {
    Page page = new Page("unroll run report", facts.output());
    summary(page, facts);
    lengths(page, stats, facts);
    time(page, stats);
    throughput(page, stats);
    embeddings(page, stats);
    badRows(page, stats);
    run(page, facts);
    return page.end();
  }

  private static void summary(Page page, RunFacts facts) {
    page.section("Summary");
    page.raw("<p id=\"reconciliation\">" + Html.text(facts.reconciliation()) + "</p>");
    List<String[]> rows = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("rowsRead", "rows read");
    labels.put("rowsScored", "rows scored");
    labels.put("rowsRejected", "rows rejected");
    labels.put("rowsQuarantined", "rows quarantined");
    labels.put("validSteps", "valid steps");
    labels.put("paddedSteps", "steps of padded batches");
    labels.put("paddingWaste", "padding a padded batch would hold");
    labels.put("batches", "mini-batches");
    labels.put("partitions", "partitions");
    labels.put("wallSeconds", "wall seconds");
    labels.put("sequencesPerSecond", "sequences/s");
    labels.put("sequencesPerSecondPerCore", "sequences/s per core");
    labels.put("cores", "cores");
    labels.forEach((key, label) -> {
      if (facts.summary().containsKey(key)) {
        rows.add(new String[] {label, Html.number(facts.figure(key)), key});
      }
    });
    page.raw(Page.table(rows));
  }

  private static void lengths(Page page, RunStats stats, RunFacts facts) {
    Histogram h = stats.lengths();
    page.section("Sequence lengths");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"sequences scored", Html.number(h.count())});
    rows.add(new String[] {"valid steps, min", Html.number(h.min())});
    rows.add(new String[] {"median", Html.number(h.quantile(0.5))});
    rows.add(new String[] {"90th percentile", Html.number(h.quantile(0.9))});
    rows.add(new String[] {"max", Html.number(h.max())});
    rows.add(new String[] {"mean", Html.number(h.mean())});
    rows.add(new String[] {"valid steps in all", Html.number(h.sum())});
    rows.add(new String[] {"padding a padded mini-batch would hold",
        Html.percent(facts.figure("paddingWaste")), "paddingWaste"});
    double padAll = h.count() == 0 ? 0 : 1 - h.sum() / (h.max() * h.count());
    rows.add(new String[] {"padding all to the longest", Html.percent(Double.isNaN(padAll) ? 0 : padAll)});
    page.figure(Svg.bars("chart-lengths", DisplayBins.of(h, BARS, true), "valid steps", "sequences"),
        Page.table(rows));
    page.note("Percentiles are read from log-spaced bins at most 1/32 of the value wide (exact below 64 steps). "
        + "Padding: the share of steps a padded engine would compute for nothing, in this run's length-sorted "
        + "mini-batches, and if every sequence were padded to the longest.");
  }

  private static void time(Page page, RunStats stats) {
    List<TaskTiming> tasks = stats.tasks();
    page.section("Time");
    List<String> items = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    double read = 0;
    double score = 0;
    double write = 0;
    for (TaskTiming t : tasks) {
      items.add(Integer.toString(t.partition()));
      values.add(new double[] {t.readSeconds(), t.scoreSeconds(), t.writeSeconds()});
      read += t.readSeconds();
      score += t.scoreSeconds();
      write += t.writeSeconds();
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"tasks", Html.number(tasks.size())});
    rows.add(new String[] {"read seconds", Html.number(read)});
    rows.add(new String[] {"score seconds", Html.number(score)});
    rows.add(new String[] {"write seconds", Html.number(write)});
    page.heading("Read, score and write per task");
    page.figure(Svg.stacked("chart-task-time", items, values, List.of("read", "score", "write"), "seconds"),
        Page.table(rows));

    long start = tasks.stream().mapToLong(TaskTiming::startMillis).min().orElse(0);
    List<String> lanes = new ArrayList<>();
    List<Svg.Span> spans = new ArrayList<>();
    placeOnLanes(tasks, start, lanes, spans);
    List<TaskTiming> slowest = tasks.stream().sorted(Comparator.comparingDouble(TaskTiming::seconds).reversed())
        .limit(SLOWEST).toList();
    StringBuilder table = new StringBuilder("<table id=\"slowest\"><tr><th>partition</th><th>executor</th>"
        + "<th>seconds</th><th>rows</th><th>read</th><th>score</th><th>write</th></tr>");
    for (TaskTiming t : slowest) {
      table.append("<tr><td class=\"n\">").append(t.partition()).append("</td><td>").append(Html.text(t.executor()))
          .append("</td><td class=\"n\">").append(Html.number(t.seconds())).append("</td><td class=\"n\">")
          .append(t.rows()).append("</td><td class=\"n\">").append(Html.number(t.readSeconds()))
          .append("</td><td class=\"n\">").append(Html.number(t.scoreSeconds())).append("</td><td class=\"n\">")
          .append(Html.number(t.writeSeconds())).append("</td></tr>");
    }
    table.append("</table>");
    page.heading("Tasks over time, per executor; the slowest partitions");
    page.figure(Svg.lanes("chart-tasks", lanes, spans, List.of(),
        "seconds since the first task started"), table.toString());
    page.note("A task's read and score times are measured per window of rows; write is the rest of its time "
        + "(building output rows, Spark encoding and writing them).");
  }

  /**
   * One lane per task slot of each executor: a task goes on the first lane of its executor that is free
   * when it starts, so tasks running side by side on one executor (its cores) do not hide each other.
   */
  private static void placeOnLanes(List<TaskTiming> tasks, long start, List<String> lanes, List<Svg.Span> spans) {
    List<String> laneExecutor = new ArrayList<>();
    List<Long> laneFreeAt = new ArrayList<>();
    List<TaskTiming> byStart = tasks.stream()
        .sorted(Comparator.comparing(TaskTiming::executor).thenComparingLong(TaskTiming::startMillis)).toList();
    for (TaskTiming t : byStart) {
      int lane = -1;
      for (int l = 0; l < laneExecutor.size() && lane < 0; l++) {
        if (laneExecutor.get(l).equals(t.executor()) && laneFreeAt.get(l) <= t.startMillis()) {
          lane = l;
        }
      }
      if (lane < 0) {
        lane = laneExecutor.size();
        laneExecutor.add(t.executor());
        laneFreeAt.add(0L);
        lanes.add("exec " + t.executor() + " #" + laneExecutor.stream().filter(t.executor()::equals).count());
      }
      laneFreeAt.set(lane, t.endMillis());
      spans.add(new Svg.Span(lane, (t.startMillis() - start) / 1e3, (t.endMillis() - start) / 1e3, t.partition(),
          "partition " + t.partition() + " on executor " + t.executor() + ": " + Html.number(t.seconds()) + " s, "
              + t.rows() + " rows"));
    }
  }

  private static void throughput(Page page, RunStats stats) {
    Timeline t = stats.throughput();
    page.section("Throughput over the run");
    Map<Long, Double> buckets = t.rowsByStart();
    double width = t.widthMillis() / 1e3;
    long start = buckets.isEmpty() ? 0 : buckets.keySet().iterator().next();
    List<Svg.Bar> bars = new ArrayList<>();
    double peak = 0;
    double sum = 0;
    for (Map.Entry<Long, Double> e : buckets.entrySet()) {
      double from = (e.getKey() - start) / 1e3;
      double rate = e.getValue() / width;
      bars.add(new Svg.Bar(from, from + width, rate));
      peak = Math.max(peak, rate);
      sum += e.getValue();
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"interval seconds", Html.number(width)});
    rows.add(new String[] {"intervals", Html.number(buckets.size())});
    rows.add(new String[] {"peak sequences/s", Html.number(peak)});
    rows.add(new String[] {"rows counted", Html.number(Math.rint(sum))});
    page.figure(Svg.bars("chart-throughput", bars, "seconds since the first task started", "sequences/s"),
        Page.table(rows));
    page.note("Rows read per interval, each window's rows spread over the time it took to read and score them.");
  }

  private static void embeddings(Page page, RunStats stats) {
    page.section("Embeddings");
    if (stats.embeddings().isEmpty()) {
      page.note("The run wrote neither h nor c (--emit), so there are no embedding statistics.");
      return;
    }
    for (EmbeddingStats e : stats.embeddings()) {
      Histogram n = e.norms();
      page.heading("L2 norm of " + e.name());
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"rows", Html.number(n.count())});
      rows.add(new String[] {"mean", Html.number(n.mean())});
      rows.add(new String[] {"std", Html.number(n.std())});
      rows.add(new String[] {"min", Html.number(n.min())});
      rows.add(new String[] {"median", Html.number(n.quantile(0.5))});
      rows.add(new String[] {"99th percentile", Html.number(n.quantile(0.99))});
      rows.add(new String[] {"max", Html.number(n.max())});
      rows.add(new String[] {"saturated values (|v| > 0.99)", Html.percent(e.saturatedShare())});
      rows.add(new String[] {"rows with NaN or infinity", Html.number(e.nonFiniteRows())});
      page.figure(Svg.bars("chart-norm-" + e.name(), DisplayBins.of(n, BARS, false), "L2 norm of " + e.name(), "rows"),
          Page.table(rows));
      if (e.nonFiniteRows() > 0) {
        page.raw("<p class=\"bad\">" + Html.text(e.nonFiniteRows() + " rows of " + e.name()
            + " hold NaN or infinity (left out of the figures above); the first: " + String.join("; ", e.nonFiniteAt()))
            + "</p>");
      } else {
        page.raw("<p class=\"ok\">No NaN or infinite value in " + Html.text(e.name()) + ".</p>");
      }
      page.heading("Per-dimension mean and spread of " + e.name());
      page.figure(Svg.boxes("chart-dims-" + e.name(), e.dims()), dimensionTable(e.dims()));
    }
    page.note("Saturation matters for tanh outputs (h of LSTM and GRU cells): a value near ±1 no longer moves "
        + "with its input. Boxes span mean ± one standard deviation, lines minimum to maximum.");
  }

  private static String dimensionTable(Moments m) {
    StringBuilder t = new StringBuilder("<details><summary>").append(m.width())
        .append(" dimensions</summary><table><tr><th>dim</th><th>mean</th><th>std</th><th>min</th><th>max</th></tr>");
    for (int d = 0; d < m.width(); d++) {
      t.append("<tr><td class=\"n\">").append(d).append("</td><td class=\"n\">").append(Html.number(m.mean(d)))
          .append("</td><td class=\"n\">").append(Html.number(m.std(d))).append("</td><td class=\"n\">")
          .append(Html.number(m.min(d))).append("</td><td class=\"n\">").append(Html.number(m.max(d)))
          .append("</td></tr>");
    }
    return t.append("</table></details>").toString();
  }

  private static void badRows(Page page, RunStats stats) {
    page.section("Bad rows");
    BadRowStats bad = stats.badRows();
    if (bad.total() == 0) {
      page.raw("<p class=\"ok\">No row was rejected.</p>");
      return;
    }
    long most = bad.byReason().values().stream().mapToLong(Long::longValue).max().orElse(1);
    StringBuilder t = new StringBuilder(
        "<table id=\"bad-rows\"><tr><th>rows</th><th></th><th>reason</th><th>example ids</th></tr>");
    bad.byReason().forEach((reason, n) -> t.append("<tr><td class=\"n\">").append(n)
        .append("</td><td><span class=\"hbar\" style=\"width:").append(Math.max(1, 120 * n / most))
        .append("px\"></span></td><td>").append(Html.text(reason)).append("</td><td>")
        .append(Html.text(String.join(", ", bad.examples(reason)))).append("</td></tr>"));
    page.raw(t.append("</table>").toString());
  }

  private static void run(Page page, RunFacts facts) {
    page.section("The run");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Spark", facts.sparkVersion()});
    rows.add(new String[] {"Java", facts.javaVersion()});
    rows.add(new String[] {"cores", Integer.toString(facts.cores())});
    rows.add(new String[] {"weights", facts.weights().source()});
    rows.add(new String[] {"format", facts.weights().format()});
    rows.add(new String[] {"sha256", facts.weights().sha256()});
    page.raw(Page.table(rows));
    page.heading("Command line");
    page.raw("<pre id=\"command-line\">" + Html.text(facts.commandLine()) + "</pre>");
    page.heading("Resolved options (secrets masked)");
    page.raw("<pre id=\"options\">" + Html.text(String.join("\n", facts.options())) + "</pre>");
    page.heading("Tensors the model was built from");
    page.raw("<pre>" + Html.text(String.join("\n", facts.weights().tensors())) + "</pre>");
  }
}
