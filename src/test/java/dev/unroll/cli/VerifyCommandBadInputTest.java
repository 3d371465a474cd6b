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
  void aHandWorkedModelPassesAnOffValueFailsAndANegativeToleranceIsAUsageError() {
    // gates kernel and bias 0: r = u = σ(0) = 0.5; h0 = 0, so h = (1 − u)·c = 0.5·tanh(x·Wc + bc)
    Map<String, NpzFiles.Array> w = new LinkedHashMap<>();
    w.put("rnn/gru_cell/gates/kernel", NpzFiles.f32(new float[5 * 4], 5, 4));
    w.put("rnn/gru_cell/gates/bias", NpzFiles.f32(new float[4], 4));
    w.put("rnn/gru_cell/candidate/kernel", NpzFiles.f32(new float[] {
        0.5f, -0.5f, 1f, 0.25f, 0, 0, 0, 0, 0, 0}, 5, 2));
    w.put("rnn/gru_cell/candidate/bias", NpzFiles.f32(new float[] {0.1f, 0.2f}, 2));
    Path model = NpzFiles.write(dir.resolve("worked.npz"), w);
    // one step each: x = [1, 0, 0] gives 0.5·tanh(0.6), 0.5·tanh(−0.3); x = [0, 1, 0] gives
    // 0.5·tanh(1.1), 0.5·tanh(0.45) (float64: 0.268524783, −0.145656306, 0.400249511, 0.210949503)
    Path inputs = npz("inputs.npz", "x", NpzFiles.f32(new float[] {1, 0, 0, 0, 1, 0}, 2, 1, 3));
    Path right = npz("right.npz", "h",
        NpzFiles.f32(new float[] {0.26852478f, -0.14565631f, 0.40024951f, 0.21094950f}, 2, 2));
    Path off = npz("off.npz", "h",
        NpzFiles.f32(new float[] {0.26852478f, -0.14565631f, 0.41024951f, 0.21094950f}, 2, 2));

    CommandRun pass = CommandRun.of(new VerifyCommand(), "--weights", model.toString(), "--inputs",
        inputs.toString(), "--expected", right.toString());
    CommandRun fail = CommandRun.of(new VerifyCommand(), "--weights", model.toString(), "--inputs",
        inputs.toString(), "--expected", off.toString());
    CommandRun negative = CommandRun.of(new VerifyCommand(), "--weights", weights.toString(),
        "--inputs", inputs.toString(), "--expected", expected.toString(), "--tolerance", "-1");

    assertEquals(VerifyCommand.PASS, pass.exitCode(), pass.err());
    assertTrue(pass.out().get(2).matches("h  \\[2, 2\\]  max abs diff \\d\\.\\d{3}e[-+]\\d\\d at \\[\\d, \\d\\]  PASS"),
        pass.out().toString());
    assertEquals(VerifyCommand.FAIL, fail.exitCode(), fail.err());
    assertEquals("h  [2, 2]  max abs diff 1.000e-02 at [1, 0]  FAIL", fail.out().get(2));
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
