package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.report.RunReport;
import dev.unroll.report.RunStats;
import dev.unroll.report.StatsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code unroll report --compare}: what it prints, where its page goes, its exit codes. */
class ReportCommandTest {
  @TempDir Path dir;

  /** An output folder holding only the statistics of {@code n} sequences of 1..n steps and h norms around {@code h}. */
  private Path run(String name, int n, float h) throws Exception {
    RunStats stats = RunStats.empty(List.of("h"), List.of(1));
    int[] lengths = new int[n];
    float[] vectors = new float[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = 1 + i;
      vectors[i] = h + i * 0.001f;
    }
    stats.addLengths(lengths, n);
    stats.embedding(0).addBlock(vectors, n, 1, 0, r -> Integer.toString(r));
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve(RunReport.STATS_FILE), StatsJson.write(stats));
    return folder;
  }

  @Test
  void twoRunsOfTheSameStatisticsAreZeroApartAndThePageGoesToOut() throws Exception {
    Path page = dir.resolve("pages/compare.html");
    CommandRun r = CommandRun.of(new ReportCommand(), "--compare", run("a", 50, 0.5f).toString(),
        run("b", 50, 0.5f).toString(), "--out", page.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.err());
    assertTrue(r.out().get(1).matches("lengths\\s+0\\.0000\\s+0\\.0+\\s.*"), r.out().toString());
    assertTrue(r.out().get(2).matches("h norm\\s+0\\.0000\\s+0\\.0+\\s.*"), r.out().toString());
    assertEquals("page: " + page, r.out().get(r.out().size() - 1));
    String html = Files.readString(page);
    assertTrue(html.contains("id=\"chart-lengths\"") && html.contains("id=\"chart-norm-h\""));
  }

  @Test
  void aMovedDistributionIsAboveMaxKsAndExitsWith4() throws Exception {
    CommandRun r = CommandRun.of(new ReportCommand(), "--compare", run("a", 50, 0.5f).toString(),
        run("b", 50, 0.8f).toString(), "--out", dir.resolve("c.html").toString(), "--max-ks", "0.5");
    assertEquals(ExitCodes.BAD_ROW, r.exitCode(), r.out().toString());
    // every h moved by 0.3, beyond the old range of 0.05: the distributions are disjoint
    assertTrue(r.out().get(2).matches("h norm\\s+1\\.0000\\s.*"), r.out().toString());
    assertTrue(r.err().startsWith("error: a KS distance of 1.0000 is above --max-ks 0.5"), r.err());
  }

  @Test
  void anOutputWithoutStatisticsIsNamedAndExitsWith3() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CommandRun r = CommandRun.of(new ReportCommand(), "--compare", run("a", 5, 0.5f).toString(), empty.toString(),
        "--out", dir.resolve("c.html").toString());
    assertEquals(ExitCodes.PREFLIGHT, r.exitCode());
    assertEquals("error: " + empty + " holds no " + RunReport.STATS_FILE + ": not an unroll output, or a run with "
        + "--report none\n", r.err());
  }

  @Test
  void aMaxKsOutsideZeroToOneIsAFlagError() throws Exception {
    CommandRun r = CommandRun.of(new ReportCommand(), "--compare", run("a", 5, 0.5f).toString(),
        run("b", 5, 0.5f).toString(), "--max-ks", "2");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().startsWith("--max-ks must be between 0 and 1, got 2.0"), r.err());
  }
}
