package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.ModelHints;
import dev.unroll.testing.NpzFiles;
import dev.unroll.testing.SharedSpark;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.load.Models;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Weights holding NaN or infinite values: every loader's model names the tensor and the first bad
 * index, {@code inspect} lists them and exits non-zero, {@code score} and {@code verify} refuse them
 * unless {@code --allow-non-finite-weights} is given.
 */
class NonFiniteWeightsTest {
  @TempDir Path dir;

  /** A TF v1 BasicLSTMCell, input 3, units 4: kernel [7, 16], with {@code bad} at kernel[3][5]. */
  private Path lstmWithKernelValue(String name, float bad) {
    float[] kernel = new float[7 * 16];
    kernel[3 * 16 + 5] = bad;
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    arrays.put("rnn/basic_lstm_cell/kernel", NpzFiles.f32(kernel, 7, 16));
    arrays.put("rnn/basic_lstm_cell/bias", NpzFiles.f32(new float[16], 16));
    return NpzFiles.write(dir.resolve(name), arrays);
  }

  @Test
  void aNanInATensorFlowKernelIsNamedWithItsIndex() throws Exception {
    Path weights = lstmWithKernelValue("nan.npz", Float.NaN);
    LoadedModel loaded = Models.load(LocalWeightSource.of(weights), ModelHints.NONE);
    assertEquals(List.of("tensor 'rnn/basic_lstm_cell/kernel' holds NaN at [3, 5] (its only non-finite value)"),
        loaded.provenance().nonFinite());
  }

  @Test
  void aPyTorchStateDictAndAFloat64OverflowGoThroughTheSameCheck() throws Exception {
    // nn.RNN, input 1, hidden 2: weight_ih [2, 1], weight_hh [2, 2], biases [2]; 1e300 is no float32
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    arrays.put("weight_ih_l0", NpzFiles.f64(new double[] {0.5, 1e300}, 2, 1));
    arrays.put("weight_hh_l0", NpzFiles.f32(new float[4], 2, 2));
    arrays.put("bias_ih_l0", NpzFiles.f32(new float[] {Float.NEGATIVE_INFINITY, Float.NaN}, 2));
    arrays.put("bias_hh_l0", NpzFiles.f32(new float[2], 2));
    Path weights = NpzFiles.write(dir.resolve("torch.npz"), arrays);
    LoadedModel loaded = Models.load(LocalWeightSource.of(weights), ModelHints.NONE);
    assertEquals(List.of(
        "tensor 'weight_ih_l0' holds Infinity at [1, 0] (a float64 value beyond float32's range, +-3.4e38, or"
            + " infinite in the file) (its only non-finite value)",
        "tensor 'bias_ih_l0' holds -Infinity at [0] (2 non-finite values)"), loaded.provenance().nonFinite());
  }

  @Test
  void inspectListsNonFiniteWeightsAndExitsNonZeroUnlessAllowed() {
    Path weights = lstmWithKernelValue("nan.npz", Float.NaN);
    CommandRun refused = CommandRun.of(new InspectCommand(), "--weights", weights.toString());
    assertEquals(InspectCommand.NO_MODEL, refused.exitCode());
    int at = refused.out().indexOf("non-finite weights: 1 tensor");
    assertTrue(at > 0, String.join("\n", refused.out()));
    assertEquals("  tensor 'rnn/basic_lstm_cell/kernel' holds NaN at [3, 5] (its only non-finite value)",
        refused.out().get(at + 1));
    assertTrue(refused.err().contains("--allow-non-finite-weights"), refused.err());

    CommandRun allowed =
        CommandRun.of(new InspectCommand(), "--weights", weights.toString(), "--allow-non-finite-weights");
    assertEquals(InspectCommand.OK, allowed.exitCode(), allowed.err());
    assertTrue(allowed.out().contains("non-finite weights: 1 tensor"));
  }

  @Test
  void verifyRefusesNonFiniteWeightsWithAHintAndExplainsInfiniteDifferencesWhenAllowed() {
    Path weights = lstmWithKernelValue("inf.npz", Float.POSITIVE_INFINITY);
    Path inputs = NpzFiles.write(dir.resolve("x.npz"),
        Map.of("x", NpzFiles.f32(new float[] {1, 1, 1}, 1, 1, 3)));
    Path expected = NpzFiles.write(dir.resolve("e.npz"), Map.of("h", NpzFiles.f32(new float[4], 1, 4)));
    String[] args = {"--weights", weights.toString(), "--inputs", inputs.toString(), "--expected",
        expected.toString()};

    CommandRun refused = CommandRun.of(new VerifyCommand(), args);
    assertEquals(VerifyCommand.UNUSABLE, refused.exitCode());
    assertEquals("error: " + weights + ": tensor 'rnn/basic_lstm_cell/kernel' holds Infinity at [3, 5] (its only"
        + " non-finite value); every score would be NaN: fix the weights, or pass --allow-non-finite-weights to"
        + " score them anyway", refused.err().trim());

    String[] allowedArgs = java.util.Arrays.copyOf(args, args.length + 1);
    allowedArgs[args.length] = "--allow-non-finite-weights";
    CommandRun allowed = CommandRun.of(new VerifyCommand(), allowedArgs);
    assertEquals(VerifyCommand.FAIL, allowed.exitCode(), allowed.err());
    assertTrue(allowed.out().stream().anyMatch(l -> l.startsWith("note: an infinite difference means NaN")),
        String.join("\n", allowed.out()));
  }

  @Test
  void scoreRefusesNonFiniteWeightsBeforeAnyWork() {
    SharedSpark.session();
    Path weights = lstmWithKernelValue("nan.npz", Float.NaN);
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()), new PrintWriter(err), "score",
        "--weights", weights.toString(), "--input", dir.resolve("in").toString(), "--output", out.toString());
    assertEquals(ExitCodes.PREFLIGHT, code, err.toString());
    assertEquals("error: cannot use --weights " + weights + ": " + weights + ": tensor 'rnn/basic_lstm_cell/kernel'"
        + " holds NaN at [3, 5] (its only non-finite value); every score would be NaN: fix the weights, or pass"
        + " --allow-non-finite-weights to score them anyway", err.toString().trim());
    assertFalse(Files.exists(out));
  }
}
