package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.NpzFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} refuses a sample it cannot use with one error naming the file and the array. */
class VerifyCommandBadInputTest {
  @TempDir Path dir;
  private Path weights;
  private Path expected;

  /** A GRUCell (input 3, units 2) under TF v1 names, and a well-formed expected file for it. */
  @BeforeEach
  void model() {
    Map<String, NpzFiles.Array> w = new LinkedHashMap<>();
    w.put("rnn/gru_cell/gates/kernel", NpzFiles.f32(new float[5 * 4], 5, 4));
    w.put("rnn/gru_cell/gates/bias", NpzFiles.f32(new float[4], 4));
    w.put("rnn/gru_cell/candidate/kernel", NpzFiles.f32(new float[5 * 2], 5, 2));
    w.put("rnn/gru_cell/candidate/bias", NpzFiles.f32(new float[2], 2));
    weights = NpzFiles.write(dir.resolve("gru.npz"), w);
    expected = npz("expected.npz", "h", NpzFiles.f32(new float[4], 2, 2));
  }

  @Test
  void missingXNamesTheFileAndTheArray() {
    Path inputs = npz("inputs.npz", "lengths", NpzFiles.i32(new int[] {1, 2}, 2));

    CommandRun run = verify(inputs, expected);

    assertEquals(VerifyCommand.UNUSABLE, run.exitCode());
    assertEquals(List.of(), run.out());
    assertEquals("error: " + inputs + ": array 'x' is missing; expected x [batch, steps, features] (or "
        + "[total steps, features] with lengths); the file holds [lengths]\n", run.err());
  }

  @Test
  void wrongFeatureSizeNamesTheFileTheArrayAndBothSizes() {
    Path inputs = npz("inputs.npz", "x", NpzFiles.f32(new float[2 * 4 * 5], 2, 4, 5));

    CommandRun run = verify(inputs, expected);

    assertEquals(VerifyCommand.UNUSABLE, run.exitCode());
    assertEquals("error: " + inputs + ": array 'x' has shape [2, 4, 5]: 5 features per step, but the model "
        + "takes 3\n", run.err());
  }

  @Test
  void lengthLongerThanTheStepsNamesTheIndex() {
    Map<String, NpzFiles.Array> in = new LinkedHashMap<>();
    in.put("x", NpzFiles.f32(new float[2 * 4 * 3], 2, 4, 3));
    in.put("lengths", NpzFiles.i32(new int[] {4, 5}, 2));
    Path inputs = NpzFiles.write(dir.resolve("inputs.npz"), in);

    CommandRun run = verify(inputs, expected);

    assertEquals(VerifyCommand.UNUSABLE, run.exitCode());
    assertEquals("error: " + inputs + ": array 'lengths' holds 5.0 at [1]; expected a whole number of steps "
        + "from 0 to 4\n", run.err());
  }

  @Test
  void expectedArrayOfTheWrongShapeShowsBothShapes() {
    Path inputs = npz("inputs.npz", "x", NpzFiles.f32(new float[2 * 4 * 3], 2, 4, 3));
    Path wrong = npz("wrong.npz", "h", NpzFiles.f32(new float[6], 2, 3));

    CommandRun run = verify(inputs, wrong);

    assertEquals(VerifyCommand.UNUSABLE, run.exitCode());
    assertEquals("error: " + wrong + ": array 'h' has shape [2, 3], but the model gives [2, 2] (the top "
        + "layer's final h: [batch, width])\n", run.err());
  }

  @Test
  void unknownExpectedNameAndAMissingCStateAreRefusedByName() {
    Path inputs = npz("inputs.npz", "x", NpzFiles.f32(new float[2 * 4 * 3], 2, 4, 3));

    CommandRun unknown = verify(inputs, npz("typo.npz", "hidden", NpzFiles.f32(new float[4], 2, 2)));
    CommandRun noC = verify(inputs, npz("c.npz", "c", NpzFiles.f32(new float[4], 2, 2)));

    assertEquals(VerifyCommand.UNUSABLE, unknown.exitCode());
    assertTrue(unknown.err().startsWith("error: " + dir.resolve("typo.npz") + ": array 'hidden' is not an "
        + "output verify knows; expected any of outputs, h, c, h_<cell>, c_<cell>, h_n, c_n"), unknown.err());
    assertEquals(VerifyCommand.UNUSABLE, noC.exitCode());
    assertTrue(noC.err().startsWith("error: " + dir.resolve("c.npz") + ": the expected file holds a c state, "
        + "but layer 0 forward cell 0 (GRU("), noC.err());
  }

  @Test
  void zeroModelAgainstZeroExpectationPassesAndANegativeToleranceIsAUsageError() {
    Path inputs = npz("inputs.npz", "x", NpzFiles.f32(new float[2 * 4 * 3], 2, 4, 3));

    CommandRun pass = verify(inputs, expected);
    CommandRun negative = CommandRun.of(new VerifyCommand(), "--weights", weights.toString(),
        "--inputs", inputs.toString(), "--expected", expected.toString(), "--tolerance", "-1");

    // all-zero weights and inputs: every gate is 0.5, the candidate 0, so h stays 0
    assertEquals(VerifyCommand.PASS, pass.exitCode(), pass.err());
    assertEquals("h  [2, 2]  max abs diff 0.000e+00 at [0, 0]  PASS", pass.out().get(2));
    assertEquals(VerifyCommand.USAGE, negative.exitCode());
    assertTrue(negative.err().startsWith("--tolerance must be a number >= 0, found -1.0"), negative.err());
  }

  @Test
  void helpStatesTheConventionAndTheExitCodes() {
    CommandRun run = CommandRun.of(new VerifyCommand(), "--help");

    String help = String.join(" ", run.out()).replaceAll("\\s+", " "); // as one line, wrapping undone
    assertEquals(0, run.exitCode());
    for (String text : List.of("--weights", "--inputs", "--expected", "--tolerance", "Default: 1e-5",
        "--units", "x [batch, steps, features]", "h_n, c_n [cells, batch, units]",
        "0 every expected output is within the tolerance", "4 some output differs by more than the tolerance")) {
      assertTrue(help.contains(text), text + " missing from\n" + help);
    }
  }

  private CommandRun verify(Path inputs, Path expectedFile) {
    return CommandRun.of(new VerifyCommand(), "--weights", weights.toString(), "--inputs", inputs.toString(),
        "--expected", expectedFile.toString());
  }

  private Path npz(String name, String array, NpzFiles.Array values) {
    return NpzFiles.write(dir.resolve(name), Map.of(array, values));
  }
}
