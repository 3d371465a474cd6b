package dev.unroll.weights.onnx;

import java.util.List;

/**
 * One ONNX {@code AttributeProto}, of any type. Only the field its {@link Type} names is meaningful;
 * graphs and sparse tensors are kept only as a count, since no recurrent model needs their content
 * and a node carrying one is refused by name.
 */
record OnnxAttribute(
    String name,
    Type type,
    float f,
    long i,
    String s,
    OnnxTensor t,
    List<Float> floats,
    List<Long> ints,
    List<String> strings,
    List<OnnxTensor> tensors,
    int graphs) {

  /** {@code AttributeProto.AttributeType}, numbered as in the file. */
  enum Type {
    UNDEFINED,
    FLOAT,
    INT,
    STRING,
    TENSOR,
    GRAPH,
    FLOATS,
    INTS,
    STRINGS,
    TENSORS,
    GRAPHS,
    SPARSE_TENSOR,
    SPARSE_TENSORS,
    TYPE_PROTO,
    TYPE_PROTOS;

    static Type of(long code) {
      return code >= 0 && code < values().length ? values()[(int) code] : UNDEFINED;
    }
  }

  OnnxAttribute {
    floats = List.copyOf(floats);
    ints = List.copyOf(ints);
    strings = List.copyOf(strings);
    tensors = List.copyOf(tensors);
  }

  /** e.g. {@code hidden_size=4}, {@code activations=[Sigmoid, Tanh]}, for messages. */
  String describe() {
    return name + "=" + switch (type) {
      case FLOAT -> String.valueOf(f);
      case INT -> String.valueOf(i);
      case STRING -> "'" + s + "'";
      case TENSOR -> t.describe();
      case FLOATS -> floats.toString();
      case INTS -> ints.toString();
      case STRINGS -> strings.toString();
      default -> type.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
