package dev.unroll.spark.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.spark.progress.TaskCounts.Counts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {
  private final ProgressMeter meter = new ProgressMeter();

  private static TaskCounts.Snapshot seen(long rows, long bytes) {
    return new TaskCounts.Snapshot(new Counts(rows, bytes), 0, 4, 2);
  }

  @Test
  void theRateIsTakenOverTheLastTenSecondsNotSinceTheStart() {
    InputTotal total = new InputTotal(1_000_000, -1);
    // 20 s at 1,000 rows/s, then 10,000 rows/s
    for (int s = 0; s <= 20; s++) {
      meter.next(s, seen(1000L * s, 0), total);
    }
    Progress p = null;
    for (int s = 21; s <= 30; s++) {
      p = meter.next(s, seen(20_000 + 10_000L * (s - 20), 0), total);
    }
    assertEquals(10_000, p.rowsPerSecond(), 1e-9);
    // 880,000 rows left at 10,000 rows/s
    assertEquals(88, p.etaSeconds(), 1e-9);
  }

  @Test
  void stepWiseHeartbeatCountsGiveASteadyRate() {
    // counts move every 2 s by 4,000 rows (2,000 rows/s), read every second
    InputTotal total = new InputTotal(-1, -1);
    for (int s = 0; s <= 40; s++) {
      Progress p = meter.next(s, seen(4000L * (s / 2), 0), total);
      if (s >= 10) {
        assertEquals(2000, p.rowsPerSecond(), 1e-9, "at " + s + " s");
      }
    }
  }

  @Test
  void theCountShownNeverGoesBackwardsWhenAnAttemptsRowsAreDropped() {
    InputTotal total = new InputTotal(10_000, -1);
    meter.next(1, seen(6000, 0), total);
    Progress p = meter.next(2, seen(2000, 0), total); // an executor lost with 4,000 rows read
    assertEquals(6000, p.rows());
    assertTrue(p.rowsPerSecond() >= 0);
    assertEquals(List.of(new ProgressSample(1, 6000), new ProgressSample(2, 6000)), meter.samples());
    assertEquals(7000, meter.next(3, seen(7000, 0), total).rows());
  }

  @Test
  void withoutARowCountTheEtaComesFromTheBytesRead() {
    InputTotal total = new InputTotal(-1, 100_000);
    meter.next(0, seen(0, 0), total);
    // 1,000 bytes/s; 90,000 bytes left
    Progress p = meter.next(10, seen(500, 10_000), total);
    assertEquals(90, p.etaSeconds(), 1e-9);
    assertEquals(50, p.rowsPerSecond(), 1e-9);
  }

  @Test
  void withNoRowsReadYetTheEtaIsUnknownAndWithAllReadItIsZero() {
    InputTotal total = new InputTotal(100, -1);
    assertTrue(Double.isNaN(meter.next(0, seen(0, 0), total).etaSeconds()));
    assertTrue(Double.isNaN(meter.next(1, seen(0, 0), total).etaSeconds()));
    assertEquals(0, meter.next(2, seen(100, 0), total).etaSeconds());
  }

  @Test
  void aTotalSmallerThanTheRowsReadIsRaisedToThem() {
    // the input grew after its footers were read
    Progress p = meter.next(1, seen(150, 0), new InputTotal(100, -1));
    assertEquals(150, p.rowsTotal());
    assertEquals(0, p.etaSeconds());
  }
}
