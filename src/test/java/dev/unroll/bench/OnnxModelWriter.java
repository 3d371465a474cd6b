package dev.unroll.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Writes the smallest ONNX model ONNX Runtime will run for a workload: one LSTM, GRU or RNN node
 * (opset 14, forward, default activations) reading X and random W, R, B initializers and producing
 * Y_h. A hand-rolled protobuf encoder: field numbers from onnx.proto (see
 * {@code ../shared/docs/weight-formats.md}, section 6.1). Benchmark use only; the reference tests have
 * their own writer.
 */
final class OnnxModelWriter {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_BYTES = 2;
  private static final int FLOAT = 1; // TensorProto.DataType
  private static final int ATTRIBUTE_INT = 2; // AttributeProto.AttributeType

  private OnnxModelWriter() {}

  static byte[] model(Workload w) {
    Random r = new Random(5);
    int g = w.kind.gates;
    int h = w.units;
    Message graph = new Message();
    Message node = new Message();
    for (String input : new String[] {"X", "W", "R", "B"}) {
      node.string(1, input);
    }
    node.string(2, ""); // Y: not asked for
    node.string(2, "Y_h");
    node.string(4, w.kind.name());
    node.message(5, new Message().string(1, "hidden_size").varint(3, h).varint(20, ATTRIBUTE_INT));
    graph.message(1, node);
    graph.string(2, "bench");
    graph.message(5, tensor("W", Workload.random(r, g * h * w.input), 1, g * h, w.input));
    graph.message(5, tensor("R", Workload.random(r, g * h * h), 1, g * h, h));
    graph.message(5, tensor("B", Workload.random(r, 2 * g * h), 1, 2 * g * h));
    graph.message(11, valueInfo("X", w.steps, w.sequences, w.input));
    graph.message(12, valueInfo("Y_h", 1, w.sequences, h));
    return new Message()
        .varint(1, 7) // ir_version
        .message(7, graph)
        .message(8, new Message().varint(2, 14)) // opset_import: default domain, version 14
        .bytes();
  }

  private static Message tensor(String name, float[] values, long... dims) {
    Message t = new Message();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, FLOAT);
    t.string(8, name);
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return t.raw(9, raw.array());
  }

  /** ValueInfoProto{name, type: TypeProto{tensor_type: {elem_type FLOAT, shape}}}. */
  private static Message valueInfo(String name, long... dims) {
    Message shape = new Message();
    for (long d : dims) {
      shape.message(1, new Message().varint(1, d));
    }
    Message tensorType = new Message().varint(1, FLOAT).message(2, shape);
    return new Message().string(1, name).message(2, new Message().message(1, tensorType));
  }

  /** A protobuf message being written: fields appended in order. */
  private static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Message varint(int field, long value) {
      tag(field, WIRE_VARINT);
      writeVarint(value);
      return this;
    }

    Message string(int field, String value) {
      return raw(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message message(int field, Message value) {
      return raw(field, value.bytes());
    }

    Message raw(int field, byte[] value) {
      tag(field, WIRE_BYTES);
      writeVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void tag(int field, int wire) {
      writeVarint((long) field << 3 | wire);
    }

    private void writeVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
