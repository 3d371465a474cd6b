package dev.unroll.reference.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an opset-14 ONNX model holding a stack of RNN/GRU/LSTM nodes (field numbers from
 * weight-formats.md 6.1). The graph input is {@code X [T, B, I]}; every weight, {@code sequence_lens}
 * and initial state is an initializer. Between layers, {@code Y [T, D, B, H]} goes through Transpose
 * and Reshape back to {@code [T, B, D·H]}, as PyTorch's exporter does. Outputs: {@code Y} of the top
 * node and {@code Y_h<k>} (and {@code Y_c<k>} for LSTM) of every node k.
 */
final class OnnxModelWriter {
  private static final int FLOAT = 1;
  private static final int INT32 = 6;
  private static final int INT64 = 7;

  private OnnxModelWriter() {}

  static byte[] write(RnnCase c) {
    ProtoWriter graph = new ProtoWriter();
    List<ProtoWriter> initializers = new ArrayList<>();
    String input = "X";
    String seqLens = "";
    if (c.lengths() != null) {
      seqLens = "sequence_lens";
      initializers.add(intTensor(seqLens, INT32, c.lengths(), c.batch()));
    }
    List<String> outputs = new ArrayList<>();
    for (int k = 0; k < c.layers().size(); k++) {
      RnnCase.LayerWeights lw = c.layers().get(k);
      int d = c.directions();
      int in = k == 0 ? c.input() : d * c.hidden();
      int gh = c.gates() * c.hidden();
      String s = "_" + k;
      initializers.add(floatTensor("W" + s, lw.w(), d, gh, in));
      initializers.add(floatTensor("R" + s, lw.r(), d, gh, c.hidden()));
      List<String> nodeInputs = new ArrayList<>(List.of(input, "W" + s, "R" + s));
      nodeInputs.add(lw.b() == null ? "" : "B" + s);
      if (lw.b() != null) {
        initializers.add(floatTensor("B" + s, lw.b(), d, 2 * gh));
      }
      nodeInputs.add(seqLens);
      nodeInputs.add(lw.initialH() == null ? "" : "initial_h" + s);
      if (lw.initialH() != null) {
        initializers.add(floatTensor("initial_h" + s, lw.initialH(), d, c.batch(), c.hidden()));
      }
      List<String> nodeOutputs = new ArrayList<>(List.of("Y" + s, "Y_h" + s));
      if (c.op().equals("LSTM")) {
        nodeInputs.add(lw.initialC() == null ? "" : "initial_c" + s);
        if (lw.initialC() != null) {
          initializers.add(floatTensor("initial_c" + s, lw.initialC(), d, c.batch(), c.hidden()));
        }
        nodeInputs.add(lw.p() == null ? "" : "P" + s);
        if (lw.p() != null) {
          initializers.add(floatTensor("P" + s, lw.p(), d, 3 * c.hidden()));
        }
        nodeOutputs.add("Y_c" + s);
      }
      ProtoWriter node = node(c.op(), "rnn" + s, nodeInputs, nodeOutputs);
      attributes(node, c);
      graph.message(1, node);
      outputs.add("Y_h" + s);
      if (c.op().equals("LSTM")) {
        outputs.add("Y_c" + s);
      }
      if (k + 1 < c.layers().size()) {
        ProtoWriter transpose = node("Transpose", "transpose" + s, List.of("Y" + s), List.of("T" + s));
        transpose.message(5, new ProtoWriter().string(1, "perm").varint(20, 7)
            .varint(8, 0).varint(8, 2).varint(8, 1).varint(8, 3));
        graph.message(1, transpose);
        initializers.add(intTensor("shape" + s, INT64, new int[] {0, 0, -1}, 3));
        graph.message(1, node("Reshape", "reshape" + s, List.of("T" + s, "shape" + s), List.of("X" + (k + 1))));
        input = "X" + (k + 1);
      } else {
        outputs.add(0, "Y" + s);
      }
    }
    graph.string(2, "unroll_reference");
    for (ProtoWriter t : initializers) {
      graph.message(5, t);
    }
    graph.message(11, valueInfo("X", c.seq(), c.batch(), c.input()));
    for (String o : outputs) {
      graph.message(12, valueInfo(o));
    }
    return new ProtoWriter()
        .varint(1, 7) // ir_version 7 goes with opset 14
        .string(2, "unroll-tests")
        .message(7, graph)
        .message(8, new ProtoWriter().string(1, "").varint(2, 14))
        .toByteArray();
  }

  private static ProtoWriter node(String op, String name, List<String> inputs, List<String> outputs) {
    ProtoWriter node = new ProtoWriter();
    for (String i : inputs) {
      node.string(1, i);
    }
    for (String o : outputs) {
      node.string(2, o);
    }
    return node.string(3, name).string(4, op);
  }

  private static void attributes(ProtoWriter node, RnnCase c) {
    node.message(5, new ProtoWriter().string(1, "hidden_size").varint(3, c.hidden()).varint(20, 2));
    node.message(5, new ProtoWriter().string(1, "direction").string(4, c.direction()).varint(20, 3));
    if (!c.activations().isEmpty()) {
      ProtoWriter a = new ProtoWriter().string(1, "activations").varint(20, 8);
      c.activations().forEach(s -> a.string(9, s));
      node.message(5, a);
    }
    floats(node, "activation_alpha", c.alphas());
    floats(node, "activation_beta", c.betas());
    if (!Float.isNaN(c.clip())) {
      node.message(5, new ProtoWriter().string(1, "clip").float32(2, c.clip()).varint(20, 1));
    }
    if (c.op().equals("GRU")) {
      node.message(5, new ProtoWriter().string(1, "linear_before_reset").varint(3, c.linearBeforeReset())
          .varint(20, 2));
    }
    if (c.inputForget() != 0) {
      node.message(5, new ProtoWriter().string(1, "input_forget").varint(3, c.inputForget()).varint(20, 2));
    }
  }

  private static void floats(ProtoWriter node, String name, List<Float> values) {
    if (!values.isEmpty()) {
      ProtoWriter a = new ProtoWriter().string(1, name).varint(20, 6);
      values.forEach(v -> a.float32(7, v));
      node.message(5, a);
    }
  }

  private static ProtoWriter floatTensor(String name, float[] values, int... dims) {
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    ProtoWriter t = new ProtoWriter();
    for (int d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
  }

  private static ProtoWriter intTensor(String name, int type, int[] values, int length) {
    int width = type == INT64 ? 8 : 4;
    ByteBuffer raw = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      if (type == INT64) {
        raw.putLong(v);
      } else {
        raw.putInt(v);
      }
    }
    return new ProtoWriter().varint(1, length).varint(2, type).string(8, name).bytes(9, raw.array());
  }

  /** A float tensor value with a known shape. */
  private static ProtoWriter valueInfo(String name, int... dims) {
    ProtoWriter shape = new ProtoWriter();
    for (int d : dims) {
      shape.message(1, new ProtoWriter().varint(1, d));
    }
    ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT);
    if (dims.length > 0) {
      tensorType.message(2, shape);
    }
    return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
  }
}
