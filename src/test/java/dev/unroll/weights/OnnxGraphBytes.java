package dev.unroll.weights;

/** Builds small ONNX ModelProto bytes by hand, for graphs the loader must refuse. */
final class OnnxGraphBytes {
  private final ProtoBytes graph = new ProtoBytes();

  OnnxGraphBytes node(String op, String name, String[] inputs, String[] outputs, ProtoBytes... attributes) {
    ProtoBytes n = new ProtoBytes();
    for (String in : inputs) {
      n.stringField(1, in);
    }
    for (String out : outputs) {
      n.stringField(2, out);
    }
    n.stringField(3, name).stringField(4, op);
    for (ProtoBytes a : attributes) {
      n.messageField(5, a);
    }
    graph.messageField(1, n);
    return this;
  }

  static ProtoBytes intAttribute(String name, long value) {
    return new ProtoBytes().stringField(1, name).varintField(3, value).varintField(20, 2);
  }

  static ProtoBytes intsAttribute(String name, long... values) {
    ProtoBytes a = new ProtoBytes().stringField(1, name);
    for (long v : values) {
      a.varintField(8, v);
    }
    return a.varintField(20, 7);
  }

  static ProtoBytes stringAttribute(String name, String value) {
    return new ProtoBytes().stringField(1, name).stringField(4, value).varintField(20, 3);
  }

  /** A float32 initializer with raw_data. */
  OnnxGraphBytes initializer(String name, long[] dims, float... values) {
    ProtoBytes t = new ProtoBytes();
    for (long d : dims) {
      t.varintField(1, d);
    }
    t.varintField(2, 1).stringField(8, name).bytesField(9, ProtoBytes.floatsLittleEndian(values));
    graph.messageField(5, t);
    return this;
  }

  /** An int64 initializer with int64_data. */
  OnnxGraphBytes longInitializer(String name, long... values) {
    ProtoBytes t = new ProtoBytes().varintField(1, values.length).varintField(2, 7).stringField(8, name);
    for (long v : values) {
      t.varintField(7, v);
    }
    graph.messageField(5, t);
    return this;
  }

  OnnxGraphBytes input(String name) {
    graph.messageField(11, new ProtoBytes().stringField(1, name));
    return this;
  }

  /** A graph input declared as a float32 tensor of any shape. */
  OnnxGraphBytes floatInput(String name) {
    ProtoBytes tensorType = new ProtoBytes().varintField(1, 1);
    graph.messageField(11, new ProtoBytes().stringField(1, name)
        .messageField(2, new ProtoBytes().messageField(1, tensorType)));
    return this;
  }

  /** A graph output declared as a float32 tensor of any shape. */
  OnnxGraphBytes floatOutput(String name) {
    ProtoBytes tensorType = new ProtoBytes().varintField(1, 1);
    graph.messageField(12, new ProtoBytes().stringField(1, name)
        .messageField(2, new ProtoBytes().messageField(1, tensorType)));
    return this;
  }

  OnnxGraphBytes output(String name) {
    graph.messageField(12, new ProtoBytes().stringField(1, name));
    return this;
  }

  /** A forward RNN node's weights (input 2, hidden 2) as initializers named {@code prefix}W/R. */
  OnnxGraphBytes rnnWeights(String prefix, int input) {
    return initializer(prefix + "W", new long[] {1, 2, input}, new float[2 * input])
        .initializer(prefix + "R", new long[] {1, 2, 2}, new float[4]);
  }

  byte[] model() {
    ProtoBytes opset = new ProtoBytes().stringField(1, "").varintField(2, 14);
    return new ProtoBytes().varintField(1, 8).messageField(7, graph).messageField(8, opset).toByteArray();
  }
}
