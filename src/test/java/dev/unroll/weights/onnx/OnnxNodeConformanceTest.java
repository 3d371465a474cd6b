package dev.unroll.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.CellState;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.VectorPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * ONNX's own conformance tests for RNN, GRU and LSTM: each model loads through our reader and our
 * unroll reproduces every {@code output_N.pb} within 1e-5. The weights are graph inputs there, so they
 * are bound from the test's {@code input_N.pb}; X (and {@code sequence_lens}) become the batch.
 */
public class OnnxNodeConformanceTest {
  static final float TOLERANCE = 1e-5f;
  static final List<String> TESTS = OnnxNodeTestCase.ALL;

  @ParameterizedTest
  @FieldSource("TESTS")
  void unrollReproducesTheExpectedOutputs(String dir) throws Exception {
    OnnxNodeTestCase test = OnnxNodeTestCase.load(dir);
    OnnxLoader.Result loaded =
        OnnxLoader.load(test.model(), test.modelBytes(), OnnxRecurrentStackTest.weightsOf(test));
    boolean batchMajor = loaded.layouts().get(0) == 1;
    OnnxTensor x = test.input("X");
    int steps = (int) x.dims()[batchMajor ? 1 : 0];
    int count = (int) x.dims()[batchMajor ? 0 : 1];
    int input = (int) x.dims()[2];
    int[] lengths = new int[count];
    OnnxTensor seq = test.input("sequence_lens");
    for (int b = 0; b < count; b++) {
      lengths[b] = seq == null ? steps : (int) seq.toLongs()[b];
    }
    float[] xv = x.toFloats();
    float[][] sequences = new float[count][];
    for (int b = 0; b < count; b++) {
      sequences[b] = new float[lengths[b] * input];
      for (int t = 0; t < lengths[b]; t++) {
        int row = batchMajor ? b * steps + t : t * count + b;
        System.arraycopy(xv, row * input, sequences[b], t * input, input);
      }
    }
    Unroller unroller =
        new Unroller(PreparedModel.prepare(loaded.loaded().model(), VectorPath.gemm()));
    UnrollResult r = unroller.unroll(SequenceBatch.of(input, sequences), true);

    int directions = loaded.loaded().model().layers().get(0).directions();
    int hidden = r.outputWidth() / directions;
    List<String> checked = new ArrayList<>();
    for (OnnxTensor expected : test.outputs()) {
      float[] want = expected.toFloats();
      float[] got = new float[want.length];
      switch (expected.name()) {
        case "Y" -> {
          for (int b = 0; b < count; b++) {
            float[] padded = r.paddedOutputs(b, steps);
            for (int t = 0; t < steps; t++) {
              for (int d = 0; d < directions; d++) {
                int at = batchMajor ? ((b * steps + t) * directions + d) * hidden
                    : ((t * directions + d) * count + b) * hidden;
                System.arraycopy(padded, t * r.outputWidth() + d * hidden, got, at, hidden);
              }
            }
          }
        }
        case "Y_h", "Y_c" -> {
          for (int d = 0; d < directions; d++) {
            CellState s = r.finalStates().get(d);
            float[] state = expected.name().equals("Y_h") ? s.h() : s.c();
            for (int b = 0; b < count; b++) {
              int at = (batchMajor ? b * directions + d : d * count + b) * hidden;
              System.arraycopy(state, b * hidden, got, at, hidden);
            }
          }
        }
        default -> throw new AssertionError(dir + ": unexpected output " + expected.name());
      }
      float maxDiff = maxAbsDiff(want, got);
      assertTrue(maxDiff <= TOLERANCE, dir + " " + expected.name() + " differs by " + maxDiff);
      checked.add(expected.name());
    }
    assertEquals(OnnxNodeTestCase.EXPECTED_OUTPUTS.get(dir), checked, dir + ": outputs compared");
  }

  public static float maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    float max = 0f;
    for (int i = 0; i < a.length; i++) {
      float d = Math.abs(a[i] - b[i]);
      max = Float.isNaN(d) ? Float.POSITIVE_INFINITY : Math.max(max, d);
    }
    return max;
  }
}
