package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.Provenance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {

  private static RunStats stats(String badId) {
    RunStats stats = RunStats.empty(List.of("h"), List.of(2));
    stats.addLengths(new int[] {3, 5, 5}, 3);
    float[] h = {0.5f, -0.5f, 0.995f, 0f, Float.NaN, 1f};
    stats.embedding(0).addBlock(h, 3, 2, 0, r -> "row" + r);
    stats.throughput().add(1_000, 1_200, 3);
    stats.addTask(new TaskTiming(0, "1", 1_000, 1_500, 100_000_000, 200_000_000, 4));
    stats.badRows().add("column 'sequence': the sequence is null", badId);
    return stats;
  }

  private static RunFacts facts(String command) {
    return new RunFacts(command, List.of("weights = m.npz", "input-options = {fs.s3a.secret.key=****}"),
        new Provenance("m.npz", "npz", "abc", List.of("kernel float32 [4, 8]")), "4.1.1", "17", 2, "out/<b>x</b>",
        Map.of("rowsRead", 4, "rowsScored", 3, "paddingWaste", 0.25), "rows read = rows scored + rows rejected (4 = 3 + 1)");
  }

  @Test
  void everyValueFromTheDataIsEscaped() {
    String page = RunReport.render(stats("<script>alert(1)</script>"), facts("unroll score --id-column '<img src=x>'"));
    assertFalse(page.contains("<script"), "a <script> id must show as text");
    assertFalse(page.contains("<img"), "the command line must show as text");
    assertFalse(page.contains("<b>x</b>"), "the output path must show as text");
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(page.contains("out/&lt;b&gt;x&lt;/b&gt;"));
  }

  @Test
  void nonFiniteRowsAreCountedAndLocatedAndLeftOutOfTheNorms() {
    RunStats s = stats("7");
    EmbeddingStats h = s.embedding(0);
    assertEquals(1, h.nonFiniteRows());
    assertEquals(List.of("id row2, h[0] = NaN"), h.nonFiniteAt());
    assertEquals(2, h.norms().count());
    // rows (0.5, -0.5) and (0.995, 0): norms sqrt(0.5) and 0.995; one of 4 finite values above 0.99
    assertEquals((Math.sqrt(0.5) + 0.995) / 2, h.norms().mean(), 1e-7);
    assertEquals(0.25, h.saturatedShare());
    String page = RunReport.render(s, facts("unroll score"));
    assertTrue(page.contains("1 rows of h hold NaN or infinity"), "the page says where the NaN is");
    assertTrue(page.contains("id row2, h[0] = NaN"));
  }

  @Test
  void theSummaryFiguresCarryTheirJsonNames() {
    String page = RunReport.render(stats("7"), facts("unroll score"));
    assertTrue(page.contains("data-key=\"rowsRead\">4<"), page);
    assertTrue(page.contains("data-key=\"rowsScored\">3<"));
  }

  @Test
  void savedStatisticsReadBackEqual() {
    RunStats s = stats("7");
    RunStats back = StatsJson.read(StatsJson.write(s), "test");
    assertEquals(StatsJson.write(s), StatsJson.write(back));
    assertEquals(s.lengths(), back.lengths());
    assertEquals(s.embedding(0).norms(), back.embedding(0).norms());
    assertEquals(0, new Comparison(s, back).largestKs());
  }
}
