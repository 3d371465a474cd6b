package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.NpzFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} on a real TensorFlow checkpoint and on an .npz RNN model: what it prints, how it exits. */
class InspectCommandTest {
  /** A SavedModel's variables written by TensorFlow (TF2 names, a string tensor; no RNN). */
  private static final Path TF2_CHECKPOINT =
      Path.of("src/test/resources/testdata/tf-checkpoints/saved_model_half_plus_two_tf2_cpu");

  @TempDir Path dir;

  @Test
  void realCheckpointListsEveryTensorThenFailsCleanlyBecauseItHoldsNoRnn() throws Exception {
    CommandRun run = CommandRun.of(new InspectCommand(), "--weights", TF2_CHECKPOINT.toString());

    Path index = TF2_CHECKPOINT.resolve("variables.index");
    assertEquals(InspectCommand.NO_MODEL, run.exitCode());
    assertEquals(List.of(
        "source: " + index,
        "format: tf-checkpoint",
        "sha256: " + sha256(index, TF2_CHECKPOINT.resolve("variables.data-00000-of-00001"))
            + " (of the .index file, then the data shards)",
        "tensors: 3 (3 values)",
        "  a float32 []",
        "  b float32 []",
        "  c float32 []",
        "other entries: 1",
        "  _CHECKPOINTABLE_OBJECT_GRAPH string []",
        "model: not inferred"), run.out());
    assertTrue(run.err().startsWith("error: " + index + ": no TensorFlow v1 RNN cell variables"), run.err());
    assertTrue(run.err().contains("the file holds [a, b, c]"), run.err());
  }

  @Test
  void npzModelPrintsTensorsModelAndParameterCount() throws Exception {
    Path weights = basicLstm(dir.resolve("model.npz"));

    CommandRun run = CommandRun.of(new InspectCommand(), "--weights", weights.toString(), "--units", "4");

    assertEquals(InspectCommand.OK, run.exitCode(), run.err());
    assertEquals(List.of(
        "source: " + weights,
        "format: npz",
        "sha256: " + sha256(weights),
        "tensors: 3 (129 values)",
        "  rnn/basic_lstm_cell/kernel float32 [7, 16]",
        "  rnn/basic_lstm_cell/bias float32 [16]",
        "  global_step int64 []",
        "model: 1 layer, input size 3, output size 4, built from 2 of 3 tensors",
        "  layer 0 forward cell 0: LSTM(input=3, units=4, gate=sigmoid, candidate=tanh, output=tanh)",
        // (3 inputs + 4 state + 1 bias) x 16 gate columns
        "  parameters: 128"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void aUriWithASchemeIsReadThroughHadoopsFileSystems() throws Exception {
    Path weights = basicLstm(dir.resolve("model.npz"));
    String uri = weights.toUri().toString(); // file:///..., Hadoop's local file system

    CommandRun run = CommandRun.of(new InspectCommand(), "--weights", uri, "--units", "4");

    assertEquals(InspectCommand.OK, run.exitCode(), run.err());
    assertEquals("source: " + uri, run.out().get(0));
    assertEquals("sha256: " + sha256(weights), run.out().get(2));
    assertTrue(run.out().contains("  parameters: 128"), run.out().toString());
  }

  @Test
  void hintThatContradictsTheFileShowsTheTensorsThenBothValues() throws Exception {
    Path weights = basicLstm(dir.resolve("model.npz"));

    CommandRun run = CommandRun.of(new InspectCommand(), "--weights", weights.toString(), "--units", "5");

    assertEquals(InspectCommand.NO_MODEL, run.exitCode());
    assertEquals("  global_step int64 []", run.out().get(6));
    assertEquals("model: not inferred", run.out().get(run.out().size() - 1));
    assertTrue(run.err().startsWith("error: " + weights + ": "), run.err());
    assertTrue(run.err().contains("5") && run.err().contains("4"), run.err());
  }

  @Test
  void missingFileExitsWithTheUnreadableCodeNamingIt() {
    Path missing = dir.resolve("nothing.npz");

    CommandRun run = CommandRun.of(new InspectCommand(), "--weights", missing.toString());

    assertEquals(InspectCommand.UNREADABLE, run.exitCode());
    assertEquals(List.of(), run.out());
    assertTrue(run.err().startsWith("error: " + missing + ": no such file"), run.err());
  }

  @Test
  void badFlagValuesAreUsageErrorsNamingTheFlag() throws Exception {
    Path weights = basicLstm(dir.resolve("model.npz"));

    CommandRun units = CommandRun.of(new InspectCommand(), "--weights", weights.toString(), "--units", "0");
    CommandRun cell = CommandRun.of(new InspectCommand(), "--weights", weights.toString(), "--cell", "lstm2");

    assertEquals(InspectCommand.USAGE, units.exitCode());
    assertTrue(units.err().startsWith("--units must be a positive number, found 0"), units.err());
    assertEquals(InspectCommand.USAGE, cell.exitCode());
    assertTrue(cell.err().contains("unknown cell 'lstm2': expected one of basic_rnn, basic_lstm, lstm, gru"),
        cell.err());
  }

  @Test
  void directionFlagIsCheckedAgainstTheFileAndRefusedWhenMisspelt() throws Exception {
    Path weights = basicLstm(dir.resolve("model.npz"));

    CommandRun forward = CommandRun.of(new InspectCommand(), "--weights", weights.toString(),
        "--direction", "forward");
    CommandRun bidirectional = CommandRun.of(new InspectCommand(), "--weights", weights.toString(),
        "--direction", "bidirectional");
    CommandRun misspelt = CommandRun.of(new InspectCommand(), "--weights", weights.toString(),
        "--direction", "both");

    assertEquals(0, forward.exitCode(), forward.err());
    assertEquals(InspectCommand.NO_MODEL, bidirectional.exitCode());
    assertTrue(bidirectional.err().contains("bidirectional"), bidirectional.err());
    assertEquals(InspectCommand.USAGE, misspelt.exitCode());
    assertTrue(misspelt.err().startsWith("--direction must be forward or bidirectional, found both"),
        misspelt.err());
  }

  @Test
  void helpListsEveryOptionAndTheExitCodes() {
    CommandRun run = CommandRun.of(new InspectCommand(), "--help");

    assertEquals(0, run.exitCode());
    String help = String.join("\n", run.out());
    for (String option : List.of("--weights", "--cell", "--units", "--activation", "--forget-bias",
        "--cell-clip", "--proj-clip", "--scope", "--layers", "--direction", "--help")) {
      assertTrue(help.contains(option), option + " missing from\n" + help);
    }
    assertTrue(help.contains("Exit codes:\n  0   tensors listed and the model inferred"), help);
    assertTrue(help.contains("  4   tensors listed, but no model could be inferred"), help);
  }

  /** A BasicLSTMCell (input 3, units 4) under TF v1 names, with an unrelated global_step. */
  private static Path basicLstm(Path file) {
    Random random = new Random(5);
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    arrays.put("rnn/basic_lstm_cell/kernel", NpzFiles.f32(uniform(random, 7 * 16), 7, 16));
    arrays.put("rnn/basic_lstm_cell/bias", NpzFiles.f32(uniform(random, 16), 16));
    arrays.put("global_step", NpzFiles.i64(new long[] {1000}));
    return NpzFiles.write(file, arrays);
  }

  private static float[] uniform(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    return v;
  }

  /** SHA-256 of the files one after another. */
  static String sha256(Path... files) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (Path file : files) {
      digest.update(Files.readAllBytes(file));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
