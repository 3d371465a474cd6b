package dev.unroll.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.unroll.testing.OnnxGraphBytes;
import dev.unroll.weights.WeightsException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * ONNX Runtime reproduces each node test's expected outputs from its inputs: the reference the
 * conformance data is checked against, and a check that our TensorProto reader decodes them right.
 *
 * <p>ONNX Runtime 1.23 refuses {@code layout=1} ("Batchwise recurrent operations are not supported").
 * The three batchwise tests have one time step and one direction, so their batch-major X, Y and Y_h
 * hold the same bytes as time-major ones: ONNX Runtime runs a time-major twin of their node on the
 * same flat arrays.
 */
class OnnxNodeTestsOnnxRuntimeTest {
  static final java.util.List<String> TESTS = OnnxNodeTestCase.ALL;

  @ParameterizedTest
  @FieldSource("TESTS")
  void onnxRuntimeReproducesTheExpectedOutputs(String dir) throws Exception {
    OnnxNodeTestCase test = OnnxNodeTestCase.load(dir);
    Map<String, float[]> actual = run(test);
    java.util.List<String> checked = new java.util.ArrayList<>();
    for (OnnxTensor expected : test.outputs()) {
      assertArrayEquals(expected.toFloats(), actual.get(expected.name()), 1e-5f,
          dir + " output " + expected.name());
      checked.add(expected.name());
    }
    assertEquals(OnnxNodeTestCase.EXPECTED_OUTPUTS.get(dir), checked, dir + ": outputs compared");
  }

  /** Runs the test's model on its inputs; returns every output named in the test data. */
  static Map<String, float[]> run(OnnxNodeTestCase test) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      boolean batchwise = test.dir().endsWith("_batchwise");
      byte[] model = batchwise ? timeMajorTwin(test) : test.modelBytes();
      try (OrtSession session = env.createSession(model, options)) {
        Map<String, ai.onnxruntime.OnnxTensor> feeds = new HashMap<>();
        try {
          for (OnnxTensor in : test.inputs()) {
            long[] dims = in.dims();
            if (batchwise && in.name().equals("X")) {
              assertEquals(1, dims[1], "one time step");
              dims = new long[] {1, dims[0], dims[2]};
            }
            feeds.put(in.name(), ortTensor(env, in, dims));
          }
          Map<String, float[]> out = new HashMap<>();
          try (OrtSession.Result result = session.run(feeds)) {
            for (OnnxTensor expected : test.outputs()) {
              OnnxValue v = result.get(expected.name()).orElseThrow();
              out.put(expected.name(), ((ai.onnxruntime.OnnxTensor) v).getFloatBuffer().array());
            }
          }
          return out;
        } finally {
          for (ai.onnxruntime.OnnxTensor t : feeds.values()) {
            t.close();
          }
        }
      }
    }
  }

  /** The test's single node with its layout attribute left out (so 0), inputs X, W, R, outputs Y, Y_h. */
  static byte[] timeMajorTwin(OnnxNodeTestCase test) {
    OnnxNode node = test.model().graph().nodes().get(0);
    assertEquals(java.util.Set.of("hidden_size", "layout"), node.attributes().keySet());
    assertEquals(java.util.List.of("X", "W", "R"), node.inputs());
    return new OnnxGraphBytes().floatInput("X").floatInput("W").floatInput("R")
        .node(node.opType(), "twin", new String[] {"X", "W", "R"}, new String[] {"Y", "Y_h"},
            OnnxGraphBytes.intAttribute("hidden_size", node.attributes().get("hidden_size").i()))
        .floatOutput("Y").floatOutput("Y_h").model();
  }

  private static ai.onnxruntime.OnnxTensor ortTensor(OrtEnvironment env, OnnxTensor t, long[] dims)
      throws OrtException, WeightsException {
    if (t.type() == OnnxDataType.INT32) {
      long[] v = t.toLongs();
      int[] ints = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        ints[i] = Math.toIntExact(v[i]);
      }
      return ai.onnxruntime.OnnxTensor.createTensor(env, IntBuffer.wrap(ints), dims);
    }
    return ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloats()), dims);
  }
}
