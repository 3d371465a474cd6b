package dev.unroll.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two runs' statistics side by side ({@code unroll report --compare OLD NEW}): a distance per statistic
 * (sequence lengths, and the L2 norm of each vector both runs wrote), the largest per-dimension shift of
 * a vector's mean in units of the old run's standard deviation, and a page drawing each pair of
 * distributions over each other.
 */
public final class Comparison {
  private static final int BARS = 40;
  private final RunStats before;
  private final RunStats after;
  private final List<Distance> distances = new ArrayList<>();
  private final List<String> shifts = new ArrayList<>();

  public Comparison(RunStats before, RunStats after) {
    this.before = before;
    this.after = after;
    distances.add(Distance.between("lengths", before.lengths(), after.lengths()));
    for (EmbeddingStats e : before.embeddings()) {
      EmbeddingStats other = after.embedding(e.name());
      if (other == null) {
        continue;
      }
      distances.add(Distance.between(e.name() + " norm", e.norms(), other.norms()));
      shifts.add(shift(e, other));
    }
  }

  public List<Distance> distances() {
    return List.copyOf(distances);
  }

  /** The largest KS distance of any statistic. */
  public double largestKs() {
    return distances.stream().mapToDouble(Distance::ks).max().orElse(0);
  }

  private static String shift(EmbeddingStats a, EmbeddingStats b) {
    Moments m = a.dims();
    Moments n = b.dims();
    if (m.width() != n.width()) {
      return a.name() + " has " + m.width() + " dimensions in the old run and " + n.width() + " in the new one";
    }
    double largest = 0;
    int at = 0;
    for (int d = 0; d < m.width(); d++) {
      double std = m.std(d);
      double s = Math.abs(n.mean(d) - m.mean(d)) / (std > 0 ? std : 1);
      if (s > largest) {
        largest = s;
        at = d;
      }
    }
    return String.format(Locale.ROOT, "%s: largest shift of a dimension's mean %.4f old standard deviations (dimension %d)",
        a.name(), largest, at);
  }

  /** The lines {@code report --compare} prints. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-12s %8s %14s %12s %12s", "statistic", "ks", "wasserstein", "old mean",
        "new mean"));
    for (Distance d : distances) {
      lines.add(String.format(Locale.ROOT, "%-12s %8.4f %14.6g %12.6g %12.6g", d.statistic(), d.ks(),
          d.wasserstein(), d.oldMean(), d.newMean()));
    }
    lines.addAll(shifts);
    return lines;
  }

  /** The comparison page; {@code oldName} and {@code newName} name the runs (their output paths). */
  public String render(String oldName, String newName) {
    Page page = new Page("unroll run comparison", "old: " + oldName + "   new: " + newName);
    StringBuilder t = new StringBuilder(
        "<table id=\"distances\"><tr><th>statistic</th><th>KS</th><th>Wasserstein-1</th><th>old mean</th>"
            + "<th>new mean</th></tr>");
    for (Distance d : distances) {
      t.append("<tr><td>").append(Html.text(d.statistic())).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.4f", d.ks())).append("</td><td class=\"n\">")
          .append(Html.number(d.wasserstein())).append("</td><td class=\"n\">").append(Html.number(d.oldMean()))
          .append("</td><td class=\"n\">").append(Html.number(d.newMean())).append("</td></tr>");
    }
    page.section("Distances").raw(t.append("</table>").toString());
    shifts.forEach(page::note);
    page.note("KS: the largest gap between the two cumulative distributions (0 same, 1 disjoint). Wasserstein-1: "
        + "how far the mass moved, in the statistic's unit. Both from the saved histograms' bins.");
    overlay(page, "Sequence lengths", "chart-lengths", before.lengths(), after.lengths(), oldName, newName, true,
        "valid steps");
    for (EmbeddingStats e : before.embeddings()) {
      EmbeddingStats other = after.embedding(e.name());
      if (other != null) {
        overlay(page, "L2 norm of " + e.name(), "chart-norm-" + e.name(), e.norms(), other.norms(), oldName,
            newName, false, "L2 norm of " + e.name());
      }
    }
    return page.end();
  }

  private static void overlay(Page page, String heading, String id, Histogram a, Histogram b, String oldName,
      String newName, boolean whole, String xLabel) {
    double lo = Math.min(nan(a.min(), b.min()), nan(b.min(), a.min()));
    double hi = Math.max(nan(a.max(), b.max()), nan(b.max(), a.max()));
    List<Svg.Bar> oldBars = shares(DisplayBins.of(a, lo, hi, BARS, whole), a.count());
    List<Svg.Bar> newBars = shares(DisplayBins.of(b, lo, hi, BARS, whole), b.count());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"old rows", Html.number(a.count())});
    rows.add(new String[] {"new rows", Html.number(b.count())});
    rows.add(new String[] {"old mean", Html.number(a.mean())});
    rows.add(new String[] {"new mean", Html.number(b.mean())});
    rows.add(new String[] {"old median", Html.number(a.quantile(0.5))});
    rows.add(new String[] {"new median", Html.number(b.quantile(0.5))});
    page.section(heading).figure(Svg.overlay(id, List.of(oldBars, newBars), List.of("old", "new"), xLabel,
        "share of rows", true), Page.table(rows));
  }

  private static double nan(double v, double otherwise) {
    return Double.isNaN(v) ? otherwise : v;
  }

  /** Counts as shares of the run's rows, so runs of different sizes draw on one scale. */
  private static List<Svg.Bar> shares(List<Svg.Bar> bars, long total) {
    return bars.stream().map(b -> new Svg.Bar(b.from(), b.to(), total == 0 ? 0 : b.value() / total)).toList();
  }
}
