package dev.unroll.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds ONNX ModelProto bytes by hand (field numbers from weight-formats.md 6.1): the one ONNX model
 * writer of the tests, for graphs the loader must refuse, the models ONNX Runtime runs as a reference,
 * and the benchmarks' models. Nodes are written in call order, so callers add them in topological order.
 */
public final class OnnxGraphBytes {
  /** TensorProto.DataType values. */
  public static final int FLOAT = 1;
  public static final int INT32 = 6;
  public static final int INT64 = 7;

  private final ProtoBytes graph = new ProtoBytes();

  public OnnxGraphBytes node(String op, String name, String[] inputs, String[] outputs, ProtoBytes... attributes) {
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

  public static ProtoBytes intAttribute(String name, long value) {
    return new ProtoBytes().stringField(1, name).varintField(3, value).varintField(20, 2);
  }

  public static ProtoBytes intsAttribute(String name, long... values) {
    ProtoBytes a = new ProtoBytes().stringField(1, name);
    for (long v : values) {
      a.varintField(8, v);
    }
    return a.varintField(20, 7);
  }

  public static ProtoBytes stringAttribute(String name, String value) {
    return new ProtoBytes().stringField(1, name).stringField(4, value).varintField(20, 3);
  }

  public static ProtoBytes floatAttribute(String name, float value) {
    return new ProtoBytes().stringField(1, name).fixed32Field(2, value).varintField(20, 1);
  }

  public static ProtoBytes floatsAttribute(String name, Iterable<Float> values) {
    ProtoBytes a = new ProtoBytes().stringField(1, name).varintField(20, 6);
    values.forEach(v -> a.fixed32Field(7, v));
    return a;
  }

  public static ProtoBytes stringsAttribute(String name, Iterable<String> values) {
    ProtoBytes a = new ProtoBytes().stringField(1, name).varintField(20, 8);
    values.forEach(v -> a.stringField(9, v));
    return a;
  }

  /** A float32 initializer with raw_data. */
  public OnnxGraphBytes initializer(String name, long[] dims, float... values) {
    return rawInitializer(name, FLOAT, dims, ProtoBytes.floatsLittleEndian(values));
  }

  /** An int32 or int64 ({@code dataType}) initializer of shape {@code [values.length]} with raw_data. */
  public OnnxGraphBytes intInitializer(String name, int dataType, int... values) {
    int width = dataType == INT64 ? 8 : 4;
    ByteBuffer raw = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      if (dataType == INT64) {
        raw.putLong(v);
      } else {
        raw.putInt(v);
      }
    }
    return rawInitializer(name, dataType, new long[] {values.length}, raw.array());
  }

  /** An initializer whose little-endian values are {@code raw} (raw_data). */
  public OnnxGraphBytes rawInitializer(String name, int dataType, long[] dims, byte[] raw) {
    ProtoBytes t = new ProtoBytes();
    for (long d : dims) {
      t.varintField(1, d);
    }
    t.varintField(2, dataType).stringField(8, name).bytesField(9, raw);
    graph.messageField(5, t);
    return this;
  }

  /** An int64 initializer with int64_data. */
  public OnnxGraphBytes longInitializer(String name, long... values) {
    ProtoBytes t = new ProtoBytes().varintField(1, values.length).varintField(2, 7).stringField(8, name);
    for (long v : values) {
      t.varintField(7, v);
    }
    graph.messageField(5, t);
    return this;
  }

  public OnnxGraphBytes input(String name) {
    graph.messageField(11, new ProtoBytes().stringField(1, name));
    return this;
  }

  /** A graph input declared as a float32 tensor of shape {@code dims}, or of any shape if none. */
  public OnnxGraphBytes floatInput(String name, long... dims) {
    graph.messageField(11, floatValueInfo(name, dims));
    return this;
  }

  /** A graph output declared as a float32 tensor of shape {@code dims}, or of any shape if none. */
  public OnnxGraphBytes floatOutput(String name, long... dims) {
    graph.messageField(12, floatValueInfo(name, dims));
    return this;
  }

  /** ValueInfoProto{name, type: TypeProto{tensor_type: {elem_type FLOAT, shape if dims}}}. */
  private static ProtoBytes floatValueInfo(String name, long... dims) {
    ProtoBytes tensorType = new ProtoBytes().varintField(1, FLOAT);
    if (dims.length > 0) {
      ProtoBytes shape = new ProtoBytes();
      for (long d : dims) {
        shape.messageField(1, new ProtoBytes().varintField(1, d));
      }
      tensorType.messageField(2, shape);
    }
    return new ProtoBytes().stringField(1, name)
        .messageField(2, new ProtoBytes().messageField(1, tensorType));
  }

  public OnnxGraphBytes output(String name) {
    graph.messageField(12, new ProtoBytes().stringField(1, name));
    return this;
  }

  /** A forward RNN node's weights (input 2, hidden 2) as initializers named {@code prefix}W/R. */
  public OnnxGraphBytes rnnWeights(String prefix, int input) {
    return initializer(prefix + "W", new long[] {1, 2, input}, new float[2 * input])
        .initializer(prefix + "R", new long[] {1, 2, 2}, new float[4]);
  }

  public byte[] model() {
    ProtoBytes opset = new ProtoBytes().stringField(1, "").varintField(2, 14);
    return new ProtoBytes().varintField(1, 8).messageField(7, graph).messageField(8, opset).toByteArray();
  }
}
