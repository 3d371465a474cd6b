package dev.unroll.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.OnnxGraphBytes;
import dev.unroll.testing.ProtoBytes;
import dev.unroll.weights.WeightsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graphs the ONNX loader must refuse by name rather than score with part of their math missing. */
class OnnxGraphRefusalTest {

  private static OnnxRecurrentStack find(OnnxGraphBytes g) throws Exception {
    return OnnxRecurrentStack.find(OnnxProtoParser.parseModel("g.onnx", g.model()), Map.of());
  }

  private static void assertRefused(OnnxGraphBytes g, String... fragments) {
    WeightsException e = assertThrows(WeightsException.class, () -> find(g));
    assertTrue(e.getMessage().startsWith("g.onnx: "), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
    }
  }

  private static String[] in(String... names) {
    return names;
  }

  /** Two forward RNN layers; {@code glue} sits between layer 0's Y and layer 1's X. */
  private static OnnxGraphBytes twoLayers(boolean squeeze, String glueOp, ProtoBytes... glueAttributes) {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3).rnnWeights("b", 2)
        .longInitializer("axes", 1)
        .node("RNN", "rnn0", in("x", "aW", "aR"), in("y0"), OnnxGraphBytes.intAttribute("hidden_size", 2));
    String x1 = "y0";
    if (squeeze) {
      g.node("Squeeze", "sq", in("y0", "axes"), in("s0"));
      x1 = "s0";
    }
    if (glueOp != null) {
      g.node(glueOp, "glue", in(x1), in("g0"), glueAttributes);
      x1 = "g0";
    }
    return g.node("RNN", "rnn1", in(x1, "bW", "bR"), in("y1")).output("y1");
  }

  @Test
  void squeezedDirectionAxisJoinsTwoLayers() throws Exception {
    assertEquals(2, find(twoLayers(true, null)).layers().size());
  }

  @Test
  void anActivationBetweenLayersIsRefusedByName() {
    assertRefused(twoLayers(true, "Relu"), "Relu node 'glue'", "not supported");
  }

  @Test
  void aTransposeThatSwapsTimeAndBatchBetweenLayersIsRefused() {
    assertRefused(twoLayers(true, "Transpose", OnnxGraphBytes.intsAttribute("perm", 1, 0, 2)),
        "RNN node 'rnn1'", "[BATCH, TIME, FEATURES]");
  }

  @Test
  void aMissingSqueezeIsRefused() {
    assertRefused(twoLayers(false, null), "axes [TIME, DIRECTION, BATCH, HIDDEN]");
  }

  @Test
  void anUnknownAttributeIsRefusedNamingNodeAndAttribute() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3)
        .node("RNN", "rnn0", in("x", "aW", "aR"), in("y"), OnnxGraphBytes.intAttribute("linear_before_reset", 1))
        .output("y");
    assertRefused(g, "RNN node 'rnn0'", "'linear_before_reset'");
  }

  @Test
  void aLayoutOtherThanZeroOrOneIsRefused() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3)
        .node("RNN", "rnn0", in("x", "aW", "aR"), in("y"), OnnxGraphBytes.intAttribute("layout", 2))
        .output("y");
    assertRefused(g, "layout=2");
  }

  @Test
  void aDenseHeadAfterTheRecurrentLayerIsRefused() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3)
        .initializer("fc", new long[] {2, 1}, 1f, 1f)
        .node("RNN", "rnn0", in("x", "aW", "aR"), in("y", "h"))
        .node("MatMul", "head", in("h", "fc"), in("logits")).output("logits");
    assertRefused(g, "MatMul node 'head'");
  }

  @Test
  void weightsComputedByAnotherNodeAskForConstantFolding() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3)
        .node("Identity", "copy", in("aW"), in("w2"))
        .node("RNN", "rnn0", in("x", "w2", "aR"), in("y")).output("y");
    assertRefused(g, "input W 'w2'", "computed by Identity node 'copy'", "do_constant_folding");
  }

  @Test
  void anInitialStateFedAtRunTimeIsRefused() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").input("h0").rnnWeights("a", 3)
        .node("RNN", "rnn0", in("x", "aW", "aR", "", "", "h0"), in("y")).output("y");
    assertRefused(g, "initial_h 'h0'", "not all zeros");
  }

  @Test
  void aZeroInitialStateInitializerIsAccepted() throws Exception {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3)
        .initializer("h0", new long[] {1, 1, 2}, 0f, 0f)
        .node("RNN", "rnn0", in("x", "aW", "aR", "", "", "h0"), in("y")).output("y");
    assertEquals(1, find(g).layers().size());
  }

  @Test
  void twoUnconnectedRecurrentNodesAreRefused() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3).rnnWeights("b", 3)
        .node("RNN", "rnn0", in("x", "aW", "aR"), in("y0"))
        .node("RNN", "rnn1", in("x", "bW", "bR"), in("y1")).output("y0").output("y1");
    assertRefused(g, "RNN node 'rnn1'", "does not read the output Y of RNN node 'rnn0'");
  }

  @Test
  void aGraphWithoutRecurrentNodesIsRefused() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").node("Identity", "i", in("x"), in("y")).output("y");
    assertRefused(g, "no RNN, GRU or LSTM node");
  }

  @Test
  void aCycleBetweenLayersIsRefusedRatherThanFollowedForever() {
    OnnxGraphBytes g = new OnnxGraphBytes().input("x").rnnWeights("a", 3).rnnWeights("b", 2)
        .node("RNN", "rnn0", in("x", "aW", "aR"), in("y0"))
        .node("Transpose", "t1", in("t2out"), in("t1out"))
        .node("Transpose", "t2", in("t1out"), in("t2out"))
        .node("RNN", "rnn1", in("t1out", "bW", "bR"), in("y1")).output("y1");
    assertRefused(g, "cycle");
  }
}
