package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unroll score} as a user starts it, in a JVM of its own with a local master: it reads local weights
 * and starts the unroll's warm-up before Spark starts, and scores with the model so read to the golden
 * bits.
 */
class OwnJvmScoreTest {
  @TempDir Path dir;

  @Test
  void aLocalRunReadsItsWeightsBeforeSparkStartsAndScoresTheGoldenBits()
      throws Exception {
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("score",
        "--weights", GoldenOutputs.fixture().resolve("lstm-4-8.npz").toString(),
        "--input", GoldenOutputs.fixture().resolve("input").toString(), "--output", out.toString()));
    args.addAll(List.of(GoldenOutputs.OPTIONS));
    ProcessBuilder pb = OwnJvm.process(args);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(ExitCodes.OK, p.waitFor(), err);

    assertTrue(err.contains("model: read from " + GoldenOutputs.fixture().resolve("lstm-4-8.npz")
        + " before Spark's start-up"), err);
    assertTrue(err.contains("unroll warm-up: "), err);
    assertEquals(Files.readAllLines(GoldenOutputs.fixture().resolve("expected-state.txt")),
        GoldenOutputs.stateLines(SharedSpark.session(), out.toString()));
  }
}
