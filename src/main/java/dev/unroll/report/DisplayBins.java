package dev.unroll.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A histogram's fine log-spaced bins regrouped into about {@code target} equal-width bars from its
 * minimum to its maximum, for drawing: each fine bin's count goes to the bar holding its midpoint (its
 * minimum or maximum for the first and last). Whole-number data (lengths) gets bars of whole widths.
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
    int n = (int) Math.floor((hi - start) / width) + 1;
    double[] counts = new double[n];
    for (int i = 0; i < Histogram.BINS; i++) {
      long c = h.count(i);
      if (c == 0) {
        continue;
      }
      double mid = Math.min(hi, Math.max(lo, (Histogram.lowerBound(i) + Math.min(Histogram.upperBound(i), hi)) / 2));
      if (whole) {
        mid = Math.min(hi, Math.max(lo, Histogram.lowerBound(i)));
      }
      int bar = (int) Math.min(n - 1, Math.max(0, Math.floor((mid - start) / width)));
      counts[bar] += c;
    }
    for (int i = 0; i < n; i++) {
      bars.add(new Svg.Bar(start + i * width, start + (i + 1) * width, counts[i]));
    }
    return bars;
  }
}
