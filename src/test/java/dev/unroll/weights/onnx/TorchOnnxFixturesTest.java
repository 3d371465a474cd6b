package dev.unroll.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.VectorPath;
import dev.unroll.weights.NpzFixture;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * ONNX files written by {@code torch.onnx.export} (see the fixture README): our reader loads them and
 * unroll reproduces PyTorch's outputs and final states within 1e-5; ONNX Runtime, run on each sequence
 * alone, reproduces them too.
 */
public class TorchOnnxFixturesTest {
  static final Path DIR = OnnxRecurrentStackTest.TORCH;
  static final float TOLERANCE = 1e-5f;

  /** ONNX file, the fixture whose expected outputs it must give. */
  static final List<String[]> CASES = List.of(
      new String[] {"rnn_tanh.onnx", "rnn_tanh"},
      new String[] {"rnn_relu_2layer.onnx", "rnn_relu_2layer"},
      new String[] {"lstm_2layer_bidirectional.onnx", "lstm_2layer_bidirectional"},
      new String[] {"gru_2layer_bidirectional.onnx", "gru_2layer_bidirectional"},
      new String[] {"lstm_external.onnx", "lstm_2layer_bidirectional"});

  @ParameterizedTest
  @FieldSource("CASES")
  void unrollOfTheLoadedModelReproducesPyTorch(String onnx, String fixture) throws Exception {
    Path file = DIR.resolve(onnx);
    OnnxLoader.Result loaded = OnnxLoader.load(file.toString(), Files.readAllBytes(file), OnnxRecurrentStackTest.torchFiles());
    assertEquals(fixture.startsWith("gru"), loaded.batchMajorInput());
    Map<String, NpzFixture.Array> in = NpzFixture.read(DIR.resolve("inputs.npz"));
    Map<String, NpzFixture.Array> want = NpzFixture.read(DIR.resolve(fixture + ".expected.npz"));
    int[] lengths = in.get("lengths").ints();
    UnrollResult u = new Unroller(PreparedModel.prepare(loaded.loaded().model(), VectorPath.gemm()))
        .unroll(new SequenceBatch(lengths.length, 3, lengths, in.get("x").values()), true);
    assertClose(fixture + " outputs", want.get("outputs").values(), u.outputs());
    assertStatesClose(fixture, fixture, want, u);
  }

  /**
   * h_n, and c_n for the LSTM fixtures: whether a fixture has a c state follows from its cell, so a
   * fixture of an LSTM without c_n fails rather than skipping the check.
   */
  public static void assertStatesClose(String what, String fixture, Map<String, NpzFixture.Array> want,
      UnrollResult u) {
    assertClose(what + " h_n", want.get("h_n").values(), concat(u, false));
    boolean lstm = fixture.startsWith("lstm");
    assertEquals(lstm, want.containsKey("c_n"), fixture + ".expected.npz holds c_n exactly when it is an LSTM");
    if (lstm) {
      assertClose(what + " c_n", want.get("c_n").values(), concat(u, true));
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void onnxRuntimeReproducesPyTorchOnEachSequence(String onnx, String fixture) throws Exception {
    Map<String, NpzFixture.Array> in = NpzFixture.read(DIR.resolve("inputs.npz"));
    Map<String, NpzFixture.Array> want = NpzFixture.read(DIR.resolve(fixture + ".expected.npz"));
    int[] lengths = in.get("lengths").ints();
    boolean batchFirst = fixture.startsWith("gru");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int outWidth = want.get("outputs").shape()[1];
    int[] hShape = want.get("h_n").shape(); // [slots, count, width]
    float[] y = new float[want.get("outputs").values().length];
    float[] h = new float[want.get("h_n").values().length];
    boolean lstm = fixture.startsWith("lstm");
    assertEquals(lstm, want.containsKey("c_n"), fixture + ".expected.npz holds c_n exactly when it is an LSTM");
    float[] c = lstm ? new float[want.get("c_n").values().length] : null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(DIR.resolve(onnx).toString(), options)) {
      int start = 0;
      for (int s = 0; s < lengths.length; s++) {
        float[] x = java.util.Arrays.copyOfRange(in.get("x").values(), start * 3, (start + lengths[s]) * 3);
        long[] shape = batchFirst ? new long[] {1, lengths[s], 3} : new long[] {lengths[s], 1, 3};
        try (ai.onnxruntime.OnnxTensor t = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
            OrtSession.Result r = session.run(Map.of("x", t))) {
          float[] ys = ((ai.onnxruntime.OnnxTensor) r.get("y").orElseThrow()).getFloatBuffer().array();
          System.arraycopy(ys, 0, y, start * outWidth, ys.length);
          scatter(((ai.onnxruntime.OnnxTensor) r.get("h_n").orElseThrow()).getFloatBuffer().array(), h, s, hShape);
          if (c != null) {
            scatter(((ai.onnxruntime.OnnxTensor) r.get("c_n").orElseThrow()).getFloatBuffer().array(), c, s,
                want.get("c_n").shape());
          }
        }
        start += lengths[s];
      }
    }
    assertClose(onnx + " ONNX Runtime y", want.get("outputs").values(), y);
    assertClose(onnx + " ONNX Runtime h_n", want.get("h_n").values(), h);
    if (c != null) {
      assertClose(onnx + " ONNX Runtime c_n", want.get("c_n").values(), c);
    }
  }

  /** One sequence's state {@code [slots, 1, width]} into column {@code s} of {@code [slots, count, width]}. */
  private static void scatter(float[] one, float[] all, int s, int[] shape) {
    for (int slot = 0; slot < shape[0]; slot++) {
      System.arraycopy(one, slot * shape[2], all, (slot * shape[1] + s) * shape[2], shape[2]);
    }
  }

  /** Every slot's final h (or c), slot after slot: PyTorch's {@code [layers·D, count, width]}. */
  public static float[] concat(UnrollResult u, boolean cellState) {
    int total = 0;
    for (var s : u.finalStates()) {
      total += (cellState ? s.c() : s.h()).length;
    }
    float[] out = new float[total];
    int at = 0;
    for (var s : u.finalStates()) {
      float[] v = cellState ? s.c() : s.h();
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  public static void assertClose(String what, float[] want, float[] got) {
    float d = OnnxNodeConformanceTest.maxAbsDiff(want, got);
    assertTrue(d <= TOLERANCE, what + " differs by " + d);
  }
}
