package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unroll.report.RunReport;
import dev.unroll.testing.SharedSpark;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's run report rendered by a real browser, headless Chromium: no script error, every chart drawn
 * (its SVG has elements and a box the browser laid out), the summary figures on the page equal to
 * {@code _unroll_summary.json}'s, and a screenshot taken. Under CI ({@code CI=true}) a missing browser
 * fails the test; elsewhere it is skipped, saying how to install one.
 */
class ReportInBrowserTest {
  /** The demo's page draws these charts: lengths, task time, tasks over time, throughput, and h and c. */
  private static final List<String> CHARTS = List.of("chart-lengths", "chart-task-time", "chart-tasks",
      "chart-throughput", "chart-norm-h", "chart-dims-h", "chart-norm-c", "chart-dims-c");
  /** Written into the page's copy: counts script errors and measures each chart once the page has loaded. */
  private static final String PROBE = "<script>window.__errors=[];"
      + "window.addEventListener('error',function(e){window.__errors.push(String(e.message));});"
      + "window.addEventListener('load',function(){var c=document.querySelectorAll('svg.chart');"
      + "for(var i=0;i<c.length;i++){var b=c[i].getBBox();"
      + "c[i].setAttribute('data-drawn',c[i].childElementCount+' '+Math.round(b.width)+' '+Math.round(b.height));}"
      + "document.body.setAttribute('data-errors',String(window.__errors.length));});</script>";
  private static final Pattern DRAWN = Pattern.compile("<svg id=\"([^\"]+)\" class=\"chart\"[^>]*data-drawn=\"(\\d+) (\\d+) (\\d+)\"");
  private static final Pattern FIGURE = Pattern.compile("data-key=\"(\\w+)\">([^<]*)<");

  @TempDir Path dir;

  @Test
  void theDemosReportRendersWithoutErrorsEveryChartDrawnAndTheSummarysFigures() throws Exception {
    Path chromium = browser();
    SharedSpark.session();
    String output = dir.resolve("demo").toString();
    StringWriter out = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()).setOut(new PrintWriter(out)), null, "score",
        "--demo", "--output", output, "--progress-interval", "0");
    assertEquals(ExitCodes.OK, code, out.toString());
    Path page = Path.of(output, RunReport.FILE);
    Path probed = dir.resolve("probed.html");
    Files.writeString(probed, Files.readString(page).replaceFirst("<head>", "<head>" + PROBE));

    String dom = run(chromium, "--dump-dom", probed.toUri().toString());
    assertTrue(dom.contains("data-errors=\"0\""), "script errors, or the page never loaded: " + tail(dom));
    Matcher drawn = DRAWN.matcher(dom);
    List<String> charts = new ArrayList<>();
    while (drawn.find()) {
      charts.add(drawn.group(1));
      assertTrue(Integer.parseInt(drawn.group(2)) > 3, drawn.group(1) + " has no content: " + drawn.group());
      assertTrue(Integer.parseInt(drawn.group(3)) > 100 && Integer.parseInt(drawn.group(4)) > 50,
          drawn.group(1) + " was laid out too small: " + drawn.group());
    }
    assertEquals(CHARTS, charts);

    JsonNode summary = new ObjectMapper().readTree(Path.of(output, "_unroll_summary.json").toFile());
    Map<String, String> shown = new LinkedHashMap<>();
    Matcher figure = FIGURE.matcher(dom);
    while (figure.find()) {
      shown.putIfAbsent(figure.group(1), figure.group(2));
    }
    assertTrue(shown.size() >= 12, "summary figures on the page: " + shown);
    for (Map.Entry<String, String> e : shown.entrySet()) {
      JsonNode expected = summary.path(e.getKey());
      assertTrue(expected.isNumber(), e.getKey() + " is not a figure of the summary");
      String text = e.getValue();
      double value = text.endsWith("%") ? Double.parseDouble(text.replace("%", "")) / 100 : Double.parseDouble(text);
      if (expected.isIntegralNumber()) {
        assertEquals(expected.asLong(), (long) value, e.getKey());
      } else {
        // shown with 4 decimals (1 above 100, 2 as a percentage): half a unit of the last digit shown
        double unit = text.endsWith("%") ? 1e-4 : Math.abs(value) >= 100 ? 0.1 : 1e-4;
        assertEquals(expected.asDouble(), value, unit / 2 + 1e-12, e.getKey() + " shown as " + text);
      }
    }
    assertEquals(4003, Long.parseLong(shown.get("rowsRead")));

    Path shot = dir.resolve("report.png");
    run(chromium, "--hide-scrollbars", "--window-size=1200,3000", "--screenshot=" + shot, page.toUri().toString());
    byte[] png = Files.readAllBytes(shot);
    assertTrue(png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "screenshot of " + png.length
        + " bytes");
  }

  /** Headless Chromium, or the test skipped (failed under CI) saying how to install it. */
  private static Path browser() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      candidates.add(Path.of(folder, "chromium"));
      candidates.add(Path.of(folder, "chromium-browser"));
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c)) {
        return c;
      }
    }
    String message = "no headless Chromium (chromium on the PATH): install it with `apt-get install -y chromium` "
        + "(Debian/Ubuntu) to run the report's browser test";
    if ("true".equals(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }

  /** Runs the browser on a fresh profile; its standard output. */
  private String run(Path chromium, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(dir, "chromium", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 90 s: " + command);
    }
    assertEquals(0, p.exitValue(), "chromium exit code, for " + command);
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String tail(String s) {
    return s.length() < 400 ? s : s.substring(s.length() - 400);
  }
}
