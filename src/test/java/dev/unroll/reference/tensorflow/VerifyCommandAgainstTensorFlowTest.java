package dev.unroll.reference.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.VerifyCommand;
import dev.unroll.math.Gemms;
import dev.unroll.math.ReferenceGemm;
import dev.unroll.math.TiledGemm;
import dev.unroll.model.SequenceBatch;
import dev.unroll.testing.NpzFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code verify} against outputs TensorFlow computed: a BasicLSTMCell (forget_bias 1.0) stepped by
 * TensorFlow's LSTMBlockCell kernel with dynamic_rnn semantics gives the expected file, the weights are
 * written under TF v1 names, and verify must pass within 1e-5, and fail, naming the output and the
 * index, once one expected value is moved by 1e-3.
 */
class VerifyCommandAgainstTensorFlowTest {
  private static final Shape SHAPE = new Shape(3, 5, 6, 9);
  private static final Pattern LINE =
      Pattern.compile("(\\S+) +(\\[[0-9, ]*\\]) +max abs diff (\\S+) at (\\[[0-9, ]*\\])  (PASS|FAIL)");

  @TempDir Path dir;
  private SequenceBatch batch;
  private TfReferenceUnroll.Result tensorFlow;
  private Path weights;

  @BeforeEach
  void tensorFlowRunsTheSample() {
    SeededData data = new SeededData(SHAPE.seed());
    TfWeights.Lstm w = data.lstm(SHAPE.inputSize(), SHAPE.units(), 0, false);
    batch = data.batch(SHAPE);
    try (TfGraphCell cell = TfCells.lstmBlockCell(w, 1.0f, Float.NaN)) {
      tensorFlow = TfReferenceUnroll.run(List.of(TfReferenceUnroll.Layer.of(cell)), batch, null);
    }
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    arrays.put("rnn/basic_lstm_cell/kernel",
        NpzFiles.f32(w.kernel(), SHAPE.inputSize() + SHAPE.units(), 4 * SHAPE.units()));
    arrays.put("rnn/basic_lstm_cell/bias", NpzFiles.f32(w.bias(), 4 * SHAPE.units()));
    weights = NpzFiles.write(dir.resolve("weights.npz"), arrays);
  }

  @Test
  void paddedSampleMatchesTensorFlowWithinTolerance() {
    Run run = verify(paddedInputs(), expected(0f));

    assertEquals(VerifyCommand.PASS, run.code(), run.err());
    assertEquals(7, run.out().size(), run.out().toString());
    assertTrue(run.out().get(0).matches("weights: " + Pattern.quote(weights.toString())
        + " \\(npz, sha256 [0-9a-f]{64}\\)"), run.out().get(0));
    assertEquals("sample: 6 sequences of 3 features, up to 9 steps, from " + dir.resolve("inputs.npz"),
        run.out().get(1));
    assertLine(run.out().get(2), "outputs", "[6, 9, 5]", "PASS");
    assertLine(run.out().get(3), "h", "[6, 5]", "PASS");
    assertLine(run.out().get(4), "c", "[6, 5]", "PASS");
    assertEquals("PASS: 3 outputs within 1.0e-05", run.out().get(5));
    assertEquals("", run.err());
  }

  @Test
  void verifyUnrollsWithTheMatmulScoreRunsWithNotTheReferenceOne() {
    Run run = verify(paddedInputs(), expected(0f));

    // surefire starts the JVM with the vector module, as jobs/ and conf/ start the job's executors
    assertTrue(Gemms.vectorModulePresent());
    assertTrue(Gemms.preferred() instanceof TiledGemm, Gemms.preferred().name());
    assertEquals("matmul: " + Gemms.preferred().name() + ", the one score runs with in a JVM started like this one",
        run.out().get(6));
    assertFalse(run.out().get(6).contains(new ReferenceGemm().name()), run.out().get(6));
  }

  @Test
  void oneExpectedValueMovedBy1e3FailsNamingTheOutputAndIndex() {
    Run run = verify(paddedInputs(), expected(1e-3f));

    assertEquals(VerifyCommand.FAIL, run.code(), run.err());
    assertLine(run.out().get(2), "outputs", "[6, 9, 5]", "PASS");
    Matcher h = assertLine(run.out().get(3), "h", "[6, 5]", "FAIL");
    assertEquals("[4, 1]", h.group(4));
    assertEquals(1e-3, Double.parseDouble(h.group(3)), 1e-5);
    assertLine(run.out().get(4), "c", "[6, 5]", "PASS");
    assertEquals("FAIL: 1 of 3 outputs differ by more than 1.0e-05", run.out().get(5));
  }

  @Test
  void packedFloat64SampleWithPyTorchStateNamesMatchesTensorFlow() {
    int total = (int) batch.totalSteps();
    double[] x = new double[total * SHAPE.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = batch.values()[i];
    }
    long[] lengths = new long[batch.count()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = batch.lengths()[i];
    }
    Map<String, NpzFiles.Array> in = new LinkedHashMap<>();
    in.put("x", NpzFiles.f64(x, total, SHAPE.inputSize()));
    in.put("lengths", NpzFiles.i64(lengths, lengths.length));
    Map<String, NpzFiles.Array> want = new LinkedHashMap<>();
    want.put("outputs", NpzFiles.f32(tensorFlow.outputs(), total, SHAPE.units()));
    want.put("h_n", NpzFiles.f32(tensorFlow.finalStates().get(0).h(), 1, SHAPE.batch(), SHAPE.units()));
    want.put("c_n", NpzFiles.f32(tensorFlow.finalStates().get(0).c(), 1, SHAPE.batch(), SHAPE.units()));

    Run run = verify(NpzFiles.write(dir.resolve("inputs.npz"), in),
        NpzFiles.write(dir.resolve("expected.npz"), want));

    assertEquals(VerifyCommand.PASS, run.code(), run.err());
    assertLine(run.out().get(2), "outputs", "[" + total + ", 5]", "PASS");
    assertLine(run.out().get(3), "h_n", "[1, 6, 5]", "PASS");
    assertLine(run.out().get(4), "c_n", "[1, 6, 5]", "PASS");
  }

  /** {@code x [batch, steps, features]} padded with zeros, {@code lengths} int32. */
  private Path paddedInputs() {
    int steps = SHAPE.maxLength();
    int width = SHAPE.inputSize();
    float[] x = new float[batch.count() * steps * width];
    int at = 0;
    for (int i = 0; i < batch.count(); i++) {
      int n = batch.lengths()[i] * width;
      System.arraycopy(batch.values(), at, x, i * steps * width, n);
      at += n;
    }
    Map<String, NpzFiles.Array> in = new LinkedHashMap<>();
    in.put("x", NpzFiles.f32(x, batch.count(), steps, width));
    in.put("lengths", NpzFiles.i32(batch.lengths().clone(), batch.count()));
    return NpzFiles.write(dir.resolve("inputs.npz"), in);
  }

  /** TensorFlow's outputs (padded), h and c, with {@code h[4][1]} moved by {@code shift}. */
  private Path expected(float shift) {
    int steps = SHAPE.maxLength();
    int units = SHAPE.units();
    float[] outputs = new float[batch.count() * steps * units];
    int at = 0;
    for (int i = 0; i < batch.count(); i++) {
      int n = batch.lengths()[i] * units;
      System.arraycopy(tensorFlow.outputs(), at, outputs, i * steps * units, n);
      at += n;
    }
    float[] h = tensorFlow.finalStates().get(0).h().clone();
    h[4 * units + 1] += shift;
    Map<String, NpzFiles.Array> want = new LinkedHashMap<>();
    want.put("outputs", NpzFiles.f32(outputs, batch.count(), steps, units));
    want.put("h", NpzFiles.f32(h, batch.count(), units));
    want.put("c", NpzFiles.f32(tensorFlow.finalStates().get(0).c(), batch.count(), units));
    return NpzFiles.write(dir.resolve("expected.npz"), want);
  }

  private record Run(int code, List<String> out, String err) {}

  private Run verify(Path inputs, Path expected) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(new VerifyCommand());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute("--weights", weights.toString(), "--cell", "basic_lstm", "--forget-bias", "1.0",
        "--inputs", inputs.toString(), "--expected", expected.toString());
    return new Run(code, out.toString().lines().toList(), err.toString());
  }

  /** Checks one result line; a PASS line's difference must be within float32 agreement (1e-5). */
  private static Matcher assertLine(String line, String name, String shape, String verdict) {
    Matcher m = LINE.matcher(line);
    assertTrue(m.matches(), line);
    assertEquals(name, m.group(1));
    assertEquals(shape, m.group(2));
    assertEquals(verdict, m.group(5), line);
    if (verdict.equals("PASS")) {
      assertTrue(Double.parseDouble(m.group(3)) <= Agreement.TOLERANCE, line);
    }
    return m;
  }
}
