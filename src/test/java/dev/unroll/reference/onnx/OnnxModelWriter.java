package dev.unroll.reference.onnx;

import static dev.unroll.testing.OnnxGraphBytes.INT32;
import static dev.unroll.testing.OnnxGraphBytes.INT64;

import dev.unroll.testing.OnnxGraphBytes;
import dev.unroll.testing.ProtoBytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an opset-14 ONNX model (through {@link OnnxGraphBytes}) holding a stack of RNN/GRU/LSTM nodes. The graph input is {@code X [T, B, I]}; every weight, {@code sequence_lens}
 * and initial state is an initializer. Between layers, {@code Y [T, D, B, H]} goes through Transpose
 * and Reshape back to {@code [T, B, D·H]}, as PyTorch's exporter does. Outputs: {@code Y} of the top
 * node and {@code Y_h<k>} (and {@code Y_c<k>} for LSTM) of every node k.
 */
final class OnnxModelWriter {
  private OnnxModelWriter() {}

  static byte[] write(RnnCase c) {
    OnnxGraphBytes graph = new OnnxGraphBytes();
    String input = "X";
    String seqLens = "";
    if (c.lengths() != null) {
      seqLens = "sequence_lens";
      graph.intInitializer(seqLens, INT32, c.lengths());
    }
    List<String> outputs = new ArrayList<>();
    for (int k = 0; k < c.layers().size(); k++) {
      RnnCase.LayerWeights lw = c.layers().get(k);
      int d = c.directions();
      int in = k == 0 ? c.input() : d * c.hidden();
      int gh = c.gates() * c.hidden();
      String s = "_" + k;
      graph.initializer("W" + s, dims(d, gh, in), lw.w());
      graph.initializer("R" + s, dims(d, gh, c.hidden()), lw.r());
      List<String> nodeInputs = new ArrayList<>(List.of(input, "W" + s, "R" + s));
      nodeInputs.add(lw.b() == null ? "" : "B" + s);
      if (lw.b() != null) {
        graph.initializer("B" + s, dims(d, 2 * gh), lw.b());
      }
      nodeInputs.add(seqLens);
      nodeInputs.add(lw.initialH() == null ? "" : "initial_h" + s);
      if (lw.initialH() != null) {
        graph.initializer("initial_h" + s, dims(d, c.batch(), c.hidden()), lw.initialH());
      }
      List<String> nodeOutputs = new ArrayList<>(List.of("Y" + s, "Y_h" + s));
      if (c.op().equals("LSTM")) {
        nodeInputs.add(lw.initialC() == null ? "" : "initial_c" + s);
        if (lw.initialC() != null) {
          graph.initializer("initial_c" + s, dims(d, c.batch(), c.hidden()), lw.initialC());
        }
        nodeInputs.add(lw.p() == null ? "" : "P" + s);
        if (lw.p() != null) {
          graph.initializer("P" + s, dims(d, 3 * c.hidden()), lw.p());
        }
        nodeOutputs.add("Y_c" + s);
      }
      graph.node(c.op(), "rnn" + s, nodeInputs.toArray(String[]::new), nodeOutputs.toArray(String[]::new),
          attributes(c).toArray(ProtoBytes[]::new));
      outputs.add("Y_h" + s);
      if (c.op().equals("LSTM")) {
        outputs.add("Y_c" + s);
      }
      if (k + 1 < c.layers().size()) {
        graph.node("Transpose", "transpose" + s, new String[] {"Y" + s}, new String[] {"T" + s},
            OnnxGraphBytes.intsAttribute("perm", 0, 2, 1, 3));
        graph.intInitializer("shape" + s, INT64, 0, 0, -1);
        graph.node("Reshape", "reshape" + s, new String[] {"T" + s, "shape" + s}, new String[] {"X" + (k + 1)});
        input = "X" + (k + 1);
      } else {
        outputs.add(0, "Y" + s);
      }
    }
    graph.floatInput("X", c.seq(), c.batch(), c.input());
    for (String o : outputs) {
      graph.floatOutput(o);
    }
    return graph.model();
  }

  private static List<ProtoBytes> attributes(RnnCase c) {
    List<ProtoBytes> a = new ArrayList<>();
    a.add(OnnxGraphBytes.intAttribute("hidden_size", c.hidden()));
    a.add(OnnxGraphBytes.stringAttribute("direction", c.direction()));
    if (!c.activations().isEmpty()) {
      a.add(OnnxGraphBytes.stringsAttribute("activations", c.activations()));
    }
    if (!c.alphas().isEmpty()) {
      a.add(OnnxGraphBytes.floatsAttribute("activation_alpha", c.alphas()));
    }
    if (!c.betas().isEmpty()) {
      a.add(OnnxGraphBytes.floatsAttribute("activation_beta", c.betas()));
    }
    if (!Float.isNaN(c.clip())) {
      a.add(OnnxGraphBytes.floatAttribute("clip", c.clip()));
    }
    if (c.op().equals("GRU")) {
      a.add(OnnxGraphBytes.intAttribute("linear_before_reset", c.linearBeforeReset()));
    }
    if (c.inputForget() != 0) {
      a.add(OnnxGraphBytes.intAttribute("input_forget", c.inputForget()));
    }
    return a;
  }

  private static long[] dims(int... dims) {
    long[] out = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = dims[i];
    }
    return out;
  }
}
