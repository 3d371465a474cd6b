package dev.unroll.weights.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.CellState;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.VectorPath;
import dev.unroll.weights.NpzFixture;
import dev.unroll.weights.onnx.OnnxNodeConformanceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Keras fixtures (built with h5py to Keras's documented layout, see the fixture README) load
 * with the documented names and shapes, and unroll reproduces the outputs the fixture script derived
 * from Keras's documented equations in numpy (a re-derivation, not Keras itself: Keras does not run
 * here).
 */
public class KerasFixturesTest {
  public static final Path DIR = Path.of("src", "test", "resources", "fixtures", "keras");
  static final float TOLERANCE = 1e-5f;

  public static KerasLoader.Result load(String name) throws Exception {
    byte[] bytes = Files.readAllBytes(DIR.resolve(name));
    String file = DIR.resolve(name).toString();
    return name.endsWith(".keras") ? KerasArchive.load(file, bytes) : KerasH5.load(file, bytes);
  }

  @Test
  void legacyH5LstmFeedingResetBeforeGruMatchesKerasEquations() throws Exception {
    KerasLoader.Result r = load("keras2_lstm_gru.h5");
    assertEquals("2.15.0", r.kerasVersion());
    assertNull(r.embedding());
    assertEquals(List.of(
        "model_weights/lstm/lstm/lstm_cell/kernel:0 float32 [3, 20]",
        "model_weights/lstm/lstm/lstm_cell/recurrent_kernel:0 float32 [5, 20]",
        "model_weights/lstm/lstm/lstm_cell/bias:0 float32 [20]",
        "model_weights/gru/gru/gru_cell/kernel:0 float32 [5, 12]",
        "model_weights/gru/gru/gru_cell/recurrent_kernel:0 float32 [4, 12]",
        "model_weights/gru/gru/gru_cell/bias:0 float32 [12]"), r.loaded().provenance().tensors());
    assertTrue(r.loaded().model().describe().contains("hard_sigmoid(0.2, 0.5)"), r.loaded().model().describe());
    assertMatches("keras2_lstm_gru", r, "inputs.npz");
  }

  @Test
  void legacyH5WithSplitAttributesBidirectionalAndGoBackwardsMatches() throws Exception {
    KerasLoader.Result r = load("keras2_bidirectional_split.h5");
    RnnModel m = r.loaded().model();
    assertEquals(2, m.layers().size());
    assertTrue(m.layers().get(0).isBidirectional());
    assertTrue(m.layers().get(1).forward().isEmpty(), "go_backwards: a backward-only layer");
    assertEquals(6, r.loaded().provenance().tensors().stream().filter(t -> t.contains("bidirectional")).count());
    assertFalse(r.returnsSequences());
    assertMatches("keras2_bidirectional_split", r, "inputs.npz");
  }

  @Test
  void keras3ArchiveWithEmbeddingBidirectionalGruAndKeras3HardSigmoidMatches() throws Exception {
    KerasLoader.Result r = load("keras3_embedding_bigru_lstm.keras");
    assertEquals("3.3.3", r.kerasVersion());
    assertNotNull(r.embedding());
    assertArrayEquals(new long[] {10, 3}, r.embedding().shape());
    assertEquals(List.of(
        "layers/embedding/vars/0 float32 [10, 3]",
        "layers/bidirectional/forward_layer/cell/vars/0 float32 [3, 12]",
        "layers/bidirectional/forward_layer/cell/vars/1 float32 [4, 12]",
        "layers/bidirectional/forward_layer/cell/vars/2 float32 [2, 12]",
        "layers/bidirectional/backward_layer/cell/vars/0 float32 [3, 12]",
        "layers/bidirectional/backward_layer/cell/vars/1 float32 [4, 12]",
        "layers/bidirectional/backward_layer/cell/vars/2 float32 [2, 12]",
        "layers/lstm/cell/vars/0 float32 [8, 12]",
        "layers/lstm/cell/vars/1 float32 [3, 12]",
        "layers/lstm/cell/vars/2 float32 [12]"), r.loaded().provenance().tensors());
    assertTrue(r.loaded().model().describe().contains("hard_sigmoid(0.16666667, 0.5)"));
    assertMatches("keras3_embedding_bigru_lstm", r, "tokens.npz");
  }

  @Test
  void keras3FunctionalChainWithoutBiasAndReluGruMatches() throws Exception {
    KerasLoader.Result r = load("keras3_functional_rnn_gru.keras");
    assertEquals(List.of(
        "layers/simple_rnn/cell/vars/0 float32 [3, 4]",
        "layers/simple_rnn/cell/vars/1 float32 [4, 4]",
        "layers/gru/cell/vars/0 float32 [4, 9]",
        "layers/gru/cell/vars/1 float32 [3, 9]",
        "layers/gru/cell/vars/2 float32 [9]"), r.loaded().provenance().tensors());
    assertMatches("keras3_functional_rnn_gru", r, "inputs.npz");
  }

  /** Unrolls the fixture inputs (token ids looked up in the embedding) and compares every output. */
  private static void assertMatches(String name, KerasLoader.Result r, String inputs) throws Exception {
    Map<String, NpzFixture.Array> in = NpzFixture.read(DIR.resolve(inputs));
    Map<String, NpzFixture.Array> want = NpzFixture.read(DIR.resolve(name + ".expected.npz"));
    int[] lengths = in.get("lengths").ints();
    RnnModel model = r.loaded().model();
    int features = model.inputSize();
    float[] x;
    if (r.embedding() != null) {
      int[] ids = in.get("ids").ints();
      x = new float[ids.length * features];
      for (int i = 0; i < ids.length; i++) {
        System.arraycopy(r.embedding().values(), ids[i] * features, x, i * features, features);
      }
    } else {
      x = in.get("x").values();
    }
    UnrollResult u = new Unroller(PreparedModel.prepare(model, VectorPath.gemm()))
        .unroll(new SequenceBatch(lengths.length, features, lengths, x), true);
    float max = OnnxNodeConformanceTest.maxAbsDiff(want.get("outputs").values(), u.outputs());
    assertTrue(max <= TOLERANCE, name + " outputs differ by " + max);
    List<float[]> states = new ArrayList<>();
    for (CellState s : u.finalStates()) {
      states.add(s.h());
      if (s.c() != null) {
        states.add(s.c());
      }
    }
    assertEquals(want.size() - 1, states.size(), name + " state count");
    for (int n = 0; n < states.size(); n++) {
      float d = OnnxNodeConformanceTest.maxAbsDiff(want.get("state_" + n).values(), states.get(n));
      assertTrue(d <= TOLERANCE, name + " state " + n + " differs by " + d);
    }
  }
}
