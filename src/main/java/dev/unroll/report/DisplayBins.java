package dev.unroll.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A histogram's fine log-spaced bins regrouped into about {@code target} equal-width bars from its
 * minimum to its maximum, for drawing: a fine bin's count is shared among the bars it overlaps. Whole-number
 * data (lengths) gets bars of whole widths, each fine bin (one whole number below 64) in the bar of its
 * lower bound.
 */
final class DisplayBins {
  private DisplayBins() {}

  static List<Svg.Bar> of(Histogram h, int target, boolean whole) {
    return of(h, h.min(), h.max(), target, whole);
  }

  /** Bars over {@code [lo, hi]}, so two runs drawn over each other share them. */
  static List<Svg.Bar> of(Histogram h, double lo, double hi, int target, boolean whole) {
    List<Svg.Bar> bars = new ArrayList<>();
    if (h.count() == 0) {
      return bars;
    }
    double width = (hi - lo) / target;
    if (whole) {
      width = Math.max(1, Math.ceil(width));
    }
    if (!(width > 0)) {
      width = whole ? 1 : Math.max(Math.abs(lo) * 1e-3, 1e-9);
    }
    double start = whole ? Math.floor(lo) : lo;
    int n = whole ? (int) Math.floor((hi - start) / width) + 1 : target;
    double[] counts = new double[n];
    for (int i = 0; i < Histogram.BINS; i++) {
      long c = h.count(i);
      if (c == 0) {
        continue;
      }
      if (whole) {
        counts[bar(Math.min(hi, Math.max(lo, Histogram.lowerBound(i))), start, width, n)] += c;
        continue;
      }
      // a fine bin's values are taken as spread evenly over it (clipped to the data's range), so bars
      // that do not line up with the fine bins show no comb of alternating heights
      double from = Math.max(lo, Histogram.lowerBound(i));
      double to = Math.min(hi, Histogram.upperBound(i));
      if (!(to > from)) {
        counts[bar(Math.min(hi, from), start, width, n)] += c;
        continue;
      }
      for (int b = bar(from, start, width, n); b <= bar(to, start, width, n); b++) {
        double overlap = Math.min(to, start + (b + 1) * width) - Math.max(from, start + b * width);
        if (overlap > 0) {
          counts[b] += c * overlap / (to - from);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      bars.add(new Svg.Bar(start + i * width, start + (i + 1) * width, counts[i]));
    }
    return bars;
  }

  private static int bar(double value, double start, double width, int n) {
    return (int) Math.min(n - 1, Math.max(0, Math.floor((value - start) / width)));
  }
}
