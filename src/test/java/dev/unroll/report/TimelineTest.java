package dev.unroll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void rowsAreSpreadEvenlyOverTheirWindowsTime() {
    Timeline t = new Timeline();
    t.add(1_000, 1_300, 300); // 300 rows over 300 ms: 100 per 100 ms bucket
    assertEquals(java.util.Map.of(1_000L, 100.0, 1_100L, 100.0, 1_200L, 100.0), t.rowsByStart());
  }

  @Test
  void aLongRunKeepsAtMostTheMaximumOfBucketsAndEveryRow() {
    Timeline t = new Timeline();
    for (long s = 0; s < 3_600_000; s += 500) {
      t.add(s, s + 500, 10);
    }
    assertTrue(t.rowsByStart().size() <= Timeline.MAX_BUCKETS, t.rowsByStart().size() + " buckets");
    double total = t.rowsByStart().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(7200 * 10, total, 1e-6);
  }

  @Test
  void timelinesOfDifferentWidthsMergeOnTheCoarserOne() {
    Timeline fine = new Timeline();
    fine.add(0, 100, 5);
    Timeline coarse = new Timeline();
    for (long s = 0; s < 100_000; s += 100) {
      coarse.add(s, s + 100, 1);
    }
    fine.merge(coarse);
    assertEquals(coarse.widthMillis(), fine.widthMillis());
    double total = fine.rowsByStart().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1000 + 5, total, 1e-6);
  }
}
