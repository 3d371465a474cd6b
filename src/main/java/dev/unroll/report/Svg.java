package dev.unroll.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The charts, as inline SVG: bars (histograms, throughput), overlaid step outlines (two runs compared),
 * stacked bars (time per task), lanes of intervals (tasks over time per executor) and boxes (per-dimension
 * spread). Each is a fixed-size picture with its axes labelled; the numbers go in the table beside it.
 */
public final class Svg {
  static final int WIDTH = 560;
  static final int HEIGHT = 200;
  private static final int LEFT = 56;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 34;
  static final String[] COLOURS = {"#3b6ea8", "#e0913a", "#5a9e5a", "#b5504c", "#7d62a8"};

  private Svg() {}

  /** A bar between {@code from} and {@code to} on the x axis, of height {@code value}. */
  public record Bar(double from, double to, double value) {}

  /** An interval on a lane: from, to, and the colour index. */
  public record Span(int lane, double from, double to, int colour, String title) {}

  /** Bars on a shared x axis; {@code xLabel} and {@code yLabel} name the axes. */
  public static String bars(String id, List<Bar> bars, String xLabel, String yLabel) {
    return overlay(id, List.of(bars), List.of(), xLabel, yLabel, false);
  }

  /**
   * Series of bars drawn over each other; with {@code outline} each series is a step outline (two runs
   * compared), else filled bars.
   */
  public static String overlay(String id, List<List<Bar>> series, List<String> names, String xLabel, String yLabel,
      boolean outline) {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double top = 0;
    for (List<Bar> s : series) {
      for (Bar b : s) {
        x0 = Math.min(x0, b.from());
        x1 = Math.max(x1, b.to());
        top = Math.max(top, b.value());
      }
    }
    StringBuilder svg = open(id);
    if (x0 >= x1 || top <= 0) {
      return svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no data")).append("</svg>").toString();
    }
    Scale x = new Scale(x0, x1, LEFT, WIDTH - RIGHT);
    Scale y = new Scale(0, top, HEIGHT - BOTTOM, TOP);
    axes(svg, x, y, xLabel, yLabel);
    for (int k = 0; k < series.size(); k++) {
      String colour = COLOURS[k % COLOURS.length];
      if (outline) {
        StringBuilder path = new StringBuilder();
        double lastX = Double.NaN;
        for (Bar b : series.get(k)) {
          if (path.length() == 0) {
            path.append(String.format(Locale.ROOT, "M%.1f %.1f", x.at(b.from()), y.at(0)));
          } else if (x.at(b.from()) - lastX > 0.5) {
            path.append(String.format(Locale.ROOT, " L%.1f %.1f L%.1f %.1f", lastX, y.at(0), x.at(b.from()), y.at(0)));
          }
          path.append(String.format(Locale.ROOT, " L%.1f %.1f L%.1f %.1f", x.at(b.from()), y.at(b.value()),
              x.at(b.to()), y.at(b.value())));
          lastX = x.at(b.to());
        }
        path.append(String.format(Locale.ROOT, " L%.1f %.1f", lastX, y.at(0)));
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
            .append("\" stroke-width=\"2\"/>");
      } else {
        for (Bar b : series.get(k)) {
          double left = x.at(b.from());
          double w = Math.max(1, x.at(b.to()) - left - 1);
          svg.append(String.format(Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>", left,
              y.at(b.value()), w, y.at(0) - y.at(b.value()), colour,
              Html.text(Html.number(b.from()) + " to " + Html.number(b.to()) + ": " + Html.number(b.value()))));
        }
      }
    }
    for (int k = 0; k < names.size(); k++) {
      double ly = TOP + 4 + 14 * k;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%s\"/>",
          WIDTH - RIGHT - 150, ly + 4, COLOURS[k % COLOURS.length]));
      svg.append(text(WIDTH - RIGHT - 134, ly + 9, "start", names.get(k)));
    }
    return svg.append("</svg>").toString();
  }

  /** Stacked bars, one per item, parts in colour order, with a legend of {@code parts}. */
  public static String stacked(String id, List<String> items, List<double[]> values, List<String> parts,
      String yLabel) {
    double top = 0;
    for (double[] v : values) {
      double s = 0;
      for (double p : v) {
        s += p;
      }
      top = Math.max(top, s);
    }
    StringBuilder svg = open(id);
    if (items.isEmpty() || top <= 0) {
      return svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no data")).append("</svg>").toString();
    }
    Scale x = new Scale(0, items.size(), LEFT, WIDTH - RIGHT - 70);
    Scale y = new Scale(0, top, HEIGHT - BOTTOM, TOP);
    yAxis(svg, y, yLabel);
    svg.append(text((LEFT + WIDTH - RIGHT - 70) / 2.0, HEIGHT - 4, "middle", "task (partition)"));
    for (int i = 0; i < items.size(); i++) {
      double base = 0;
      double left = x.at(i) + 1;
      double w = Math.max(1, x.at(i + 1) - x.at(i) - 2);
      for (int p = 0; p < values.get(i).length; p++) {
        double v = values.get(i)[p];
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>", left,
            y.at(base + v), w, y.at(base) - y.at(base + v), COLOURS[p % COLOURS.length],
            Html.text(items.get(i) + " " + parts.get(p) + ": " + Html.number(v))));
        base += v;
      }
      if (items.size() <= 24) {
        svg.append(text(left + w / 2, HEIGHT - BOTTOM + 13, "middle", items.get(i)));
      }
    }
    legend(svg, parts, WIDTH - RIGHT - 64);
    return svg.append("</svg>").toString();
  }

  /** Intervals on named lanes over a time axis starting at 0. */
  public static String lanes(String id, List<String> laneNames, List<Span> spans, List<String> legend,
      String xLabel) {
    double end = 0;
    for (Span s : spans) {
      end = Math.max(end, s.to());
    }
    StringBuilder svg = open(id);
    if (spans.isEmpty() || end <= 0) {
      return svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no data")).append("</svg>").toString();
    }
    Scale x = new Scale(0, end, LEFT + 30, WIDTH - RIGHT);
    double laneHeight = (HEIGHT - TOP - BOTTOM) / (double) Math.max(1, laneNames.size());
    xAxis(svg, x, HEIGHT - BOTTOM, xLabel);
    for (int l = 0; l < laneNames.size(); l++) {
      svg.append(text(LEFT + 24, TOP + laneHeight * (l + 0.5) + 4, "end", laneNames.get(l)));
    }
    for (Span s : spans) {
      double yTop = TOP + laneHeight * s.lane() + 2;
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"#fff\"><title>%s</title></rect>",
          x.at(s.from()), yTop, Math.max(1, x.at(s.to()) - x.at(s.from())), Math.max(2, laneHeight - 4),
          COLOURS[s.colour() % COLOURS.length], Html.text(s.title())));
    }
    if (!legend.isEmpty()) {
      legend(svg, legend, WIDTH - RIGHT - 64);
    }
    return svg.append("</svg>").toString();
  }

  /**
   * One box per dimension: the bar spans mean ± one standard deviation, the thin line minimum to
   * maximum, the tick the mean.
   */
  public static String boxes(String id, Moments m) {
    StringBuilder svg = open(id);
    if (m.count() == 0) {
      return svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no data")).append("</svg>").toString();
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int d = 0; d < m.width(); d++) {
      lo = Math.min(lo, m.min(d));
      hi = Math.max(hi, m.max(d));
    }
    if (hi <= lo) {
      hi = lo + 1;
    }
    Scale x = new Scale(0, m.width(), LEFT, WIDTH - RIGHT);
    Scale y = new Scale(lo, hi, HEIGHT - BOTTOM, TOP);
    yAxis(svg, y, "value");
    svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 4, "middle", "dimension"));
    for (int d = 0; d < m.width(); d++) {
      double cx = (x.at(d) + x.at(d + 1)) / 2;
      double w = Math.max(1, (x.at(d + 1) - x.at(d)) * 0.6);
      double mean = m.mean(d);
      double std = m.std(d);
      String title = Html.text("dimension " + d + ": mean " + Html.number(mean) + ", std " + Html.number(std) + ", min "
          + Html.number(m.min(d)) + ", max " + Html.number(m.max(d)));
      svg.append(String.format(Locale.ROOT,
          "<g><title>%s</title><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>"
              + "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.6\"/>"
              + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\"/></g>",
          title, cx, y.at(m.min(d)), cx, y.at(m.max(d)), cx - w / 2, y.at(mean + std), w,
          Math.max(1, y.at(mean - std) - y.at(mean + std)), COLOURS[0], cx - w / 2, y.at(mean), cx + w / 2, y.at(mean)));
      if (m.width() <= 32) {
        svg.append(text(cx, HEIGHT - BOTTOM + 13, "middle", Integer.toString(d)));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String id) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">",
        Html.text(id), WIDTH, HEIGHT, WIDTH, HEIGHT));
  }

  private static void axes(StringBuilder svg, Scale x, Scale y, String xLabel, String yLabel) {
    xAxis(svg, x, HEIGHT - BOTTOM, xLabel);
    yAxis(svg, y, yLabel);
  }

  private static void xAxis(StringBuilder svg, Scale x, double at, String label) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
        x.to0, at, x.to1, at));
    for (double tick : ticks(x.from0, x.from1)) {
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
          x.at(tick), at, x.at(tick), at + 4));
      svg.append(text(x.at(tick), at + 15, "middle", tick(tick)));
    }
    svg.append(text((x.to0 + x.to1) / 2, HEIGHT - 3, "middle", label));
  }

  private static void yAxis(StringBuilder svg, Scale y, String label) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>",
        LEFT, y.to0, LEFT, y.to1));
    for (double tick : ticks(y.from0, y.from1)) {
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>",
          LEFT - 4, y.at(tick), LEFT, y.at(tick)));
      svg.append(text(LEFT - 6, y.at(tick) + 4, "end", tick(tick)));
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 12 %.1f)\">%s</text>",
        (y.to0 + y.to1) / 2, (y.to0 + y.to1) / 2, Html.text(label)));
  }

  private static void legend(StringBuilder svg, List<String> names, double at) {
    for (int k = 0; k < names.size(); k++) {
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", at,
          TOP + 16 * k, COLOURS[k % COLOURS.length]));
      svg.append(text(at + 14, TOP + 16 * k + 9, "start", names.get(k)));
    }
  }

  private static String text(double x, double y, String anchor, String s) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
        Html.text(s));
  }

  /** A tick's label: a round value, without trailing zeros. */
  private static String tick(double v) {
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  /** Up to about five round values between {@code from} and {@code to}. */
  static List<Double> ticks(double from, double to) {
    List<Double> ticks = new ArrayList<>();
    double span = to - from;
    if (!(span > 0) || Double.isInfinite(span)) {
      return ticks;
    }
    double step = Math.pow(10, Math.floor(Math.log10(span / 4)));
    for (double f : new double[] {1, 2, 5, 10}) {
      if (span / (step * f) <= 5) {
        step *= f;
        break;
      }
    }
    for (double t = Math.ceil(from / step) * step; t <= to + step * 1e-9; t += step) {
      ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return ticks;
  }

  /** A linear map from data values to pixels. */
  private record Scale(double from0, double from1, double to0, double to1) {
    double at(double v) {
      return to0 + (v - from0) / (from1 - from0) * (to1 - to0);
    }
  }
}
