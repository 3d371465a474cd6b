package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code --bad-rows fail} demo as a user runs it: its own JVM, logging as
 * {@code conf/log4j2.properties} sets it. The bad row is one line on stderr, with no Spark task-failure
 * report or stack trace around it, and the demo's generated input and model do not outlive the run.
 */
class BadRowFailureOutputTest {
  @TempDir Path dir;

  @Test
  void aBadRowUnderFailIsOneLineOnStderrAndTheDemoLeavesNothingBehind() throws Exception {
    ProcessBuilder pb = OwnJvm.process(List.of("score", "--demo", "--bad-rows", "fail", "--output",
        dir.resolve("demo-fail").toString(), "--master", "local[2]", "--progress-interval", "0"));
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(ExitCodes.BAD_ROW, p.waitFor(), err);

    assertFalse(err.contains("\tat "), "no stack trace:\n" + err);
    assertFalse(err.contains("BadRowException"), "no Spark report of the failed task:\n" + err);
    // what remains besides unroll's own INFO log lines, the JDK's incubator notice and the progress bar
    List<String> rest = Arrays.stream(err.split("[\r\n]+")).map(String::strip)
        .filter(l -> !l.isEmpty() && !l.contains(" INFO ") && !l.startsWith("WARNING: Using incubator modules")
            && !l.startsWith("[Stage "))
        .toList();
    assertEquals(1, rest.size(), err);
    // rows 4001 and 4002 are both bad and sit in different tasks: which one is named depends on timing
    assertTrue(rest.get(0).startsWith("error: bad row with id = 400"), rest.get(0));
    assertTrue(rest.get(0).endsWith("use --bad-rows skip or quarantine to leave such rows out."), rest.get(0));

    assertFalse(Files.exists(dir.resolve("demo-fail")));
    assertFalse(Files.exists(dir.resolve("demo-fail_input")));
    assertFalse(Files.exists(dir.resolve("demo-fail_model")));
  }
}
