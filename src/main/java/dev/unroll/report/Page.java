package dev.unroll.report;

import java.util.List;

/** The frame every page shares: a title, one stylesheet, sections of a picture with its numbers beside it. */
final class Page {
  private static final String STYLE = """
      body{font-family:sans-serif;margin:24px;color:#222;max-width:1180px}
      h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
      h3{font-size:14px;margin:12px 0 4px}
      .row{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
      table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;text-align:left;vertical-align:top}
      td.n{text-align:right;font-variant-numeric:tabular-nums}tr:nth-child(even){background:#f4f4f4}
      pre{background:#f4f4f4;padding:8px;font-size:12px;white-space:pre-wrap;word-break:break-all}
      .note{color:#555;font-size:13px}.bad{color:#a00;font-weight:bold}.ok{color:#070}
      .hbar{background:#b5504c;height:10px;display:inline-block}
      """;

  private final StringBuilder html = new StringBuilder();

  Page(String title, String subtitle) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.text(title))
        .append("</title><style>").append(STYLE).append("</style></head><body>\n<h1>").append(Html.text(title))
        .append("</h1><div class=\"note\">").append(Html.text(subtitle)).append("</div>\n");
  }

  Page section(String heading) {
    html.append("<h2>").append(Html.text(heading)).append("</h2>\n");
    return this;
  }

  Page heading(String heading) {
    html.append("<h3>").append(Html.text(heading)).append("</h3>\n");
    return this;
  }

  /** A picture and its table side by side. */
  Page figure(String svg, String table) {
    html.append("<div class=\"row\"><div>").append(svg).append("</div><div>").append(table).append("</div></div>\n");
    return this;
  }

  /** Raw markup built by this package (already escaped). */
  Page raw(String markup) {
    html.append(markup).append('\n');
    return this;
  }

  Page note(String text) {
    html.append("<p class=\"note\">").append(Html.text(text)).append("</p>\n");
    return this;
  }

  String end() {
    return html.append("</body></html>\n").toString();
  }

  /** A two-column table of labels and values; a value's key, when given, becomes its {@code data-key}. */
  static String table(List<String[]> rows) {
    StringBuilder t = new StringBuilder("<table>");
    for (String[] r : rows) {
      t.append("<tr><th>").append(Html.text(r[0])).append("</th><td class=\"n\"");
      if (r.length > 2 && r[2] != null) {
        t.append(" data-key=\"").append(Html.text(r[2])).append("\"");
      }
      t.append(">").append(Html.text(r[1])).append("</td></tr>");
    }
    return t.append("</table>").toString();
  }
}
