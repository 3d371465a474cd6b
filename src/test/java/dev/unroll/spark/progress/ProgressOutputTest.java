package dev.unroll.spark.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressOutputTest {
  @Test
  void aLineSaysRowsOfTheTotalRateElapsedEtaAndTasks() {
    Progress p = new Progress(24.4, 1_250_000, 4_000_000, 0, -1, 52_310.4, 52.6, 9, 32, 2);
    assertEquals("1,250,000 of 4,000,000 rows (31.2%), 52,310 sequences/s, 0:24 elapsed, ETA 0:53, "
        + "tasks 9 of 32 done, 2 running", ProgressLine.format(p));
  }

  @Test
  void withoutARowCountTheLineSaysTheShareOfBytesRead() {
    Progress p = new Progress(3725, 1_000, -1, 1_500_000_000L, 4_100_000_000L, 10, Double.NaN, 0, 80, 8);
    assertEquals("1,000 rows (36.5% of 4.1 GB of input read), 10 sequences/s, 1:02:05 elapsed, ETA unknown, "
        + "tasks 0 of 80 done, 8 running", ProgressLine.format(p));
  }

  @Test
  void withNoTotalThereIsNoEtaAndNothingReadsAsDoneBeforeItIs() {
    assertEquals("7 rows, 0 sequences/s, 0:01 elapsed, tasks 0 of 0 done, 0 running",
        ProgressLine.format(new Progress(1, 7, -1, 0, -1, 0, Double.NaN, 0, 0, 0)));
    // 9,999 of 10,000 is 99.9%, not a rounded-up 100.0%
    Progress almost = new Progress(1, 9_999, 10_000, 0, -1, 1, 1, 0, 1, 1);
    assertEquals("9,999 of 10,000 rows (99.9%)", ProgressLine.format(almost).split(", ")[0]);
  }

  @Test
  void onATerminalOneLineIsRewrittenInPlaceCutToTheWidthAndEndedOnce() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressOutput out = new ProgressOutput.InPlace(new PrintStream(bytes, true, StandardCharsets.UTF_8), 20);
    out.show("12345 rows", 1);
    out.show("7 rows", 2);
    out.show("a line longer than twenty columns", 3);
    out.finish("done");
    // the cursor waits at the line's start, so a log line printed meanwhile writes over it
    assertEquals("\r12345 rows\r" + "\r7 rows    \r" + "\ra line longer than \r" + "\rdone" + " ".repeat(15)
        + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void elsewhereALogLineComesAtTheFirstTickThenEveryInterval() {
    List<String> logged = new ArrayList<>();
    ProgressOutput out = new ProgressOutput.Periodic(logged::add, 5);
    for (int s = 1; s <= 12; s++) {
      // ticks drift by a few milliseconds
      out.show("at " + s, s + (s % 2 == 0 ? 0.003 : -0.003));
    }
    out.finish("end");
    assertEquals(List.of("at 1", "at 6", "at 11"), logged);
  }
}
