package dev.unroll.weights.onnx;

import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.ProtobufReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes ONNX's protobuf messages (weight-formats.md 6.1; field numbers from {@code onnx.proto}) by
 * hand: {@code ModelProto}, {@code GraphProto}, {@code NodeProto}, {@code AttributeProto} and
 * {@code TensorProto}. Unknown fields are skipped, as protobuf requires; every length is checked
 * against the enclosing message before use.
 */
public final class OnnxProtoParser {
  /** Subgraphs (Loop, If, Scan bodies) nest; a deeper file is refused rather than overflow the stack. */
  static final int MAX_GRAPH_DEPTH = 32;

  private OnnxProtoParser() {}

  /** A whole {@code .onnx} file. */
  static OnnxModel parseModel(String file, byte[] bytes) throws IOException {
    ProtobufReader in = new ProtobufReader(file, bytes);
    long irVersion = 0;
    String producer = "";
    String producerVersion = "";
    Map<String, Long> opsets = new LinkedHashMap<>();
    OnnxGraph graph = null;
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (ProtobufReader.field(tag)) {
        case 1 -> irVersion = varint(in, tag);
        case 2 -> producer = string(in, tag);
        case 3 -> producerVersion = string(in, tag);
        case 7 -> graph = parseGraph(message(in, tag), 0);
        case 8 -> {
          ProtobufReader opset = message(in, tag);
          String domain = "";
          long version = 0;
          while (opset.hasMore()) {
            int t = opset.readTag();
            switch (ProtobufReader.field(t)) {
              case 1 -> domain = string(opset, t);
              case 2 -> version = varint(opset, t);
              default -> opset.skip(t);
            }
          }
          opsets.put(domain, version);
        }
        default -> in.skip(tag);
      }
    }
    if (graph == null) {
      throw new WeightsException(file + ": not an ONNX model: no graph (ModelProto field 7) found");
    }
    return new OnnxModel(file, irVersion, producer, producerVersion, opsets, graph);
  }

  /** A file holding one serialized {@code TensorProto}, as ONNX's test data sets do. */
  public static OnnxTensor parseTensorFile(String file, byte[] bytes) throws IOException {
    return parseTensor(new ProtobufReader(file, bytes));
  }

  static OnnxGraph parseGraph(ProtobufReader in, int depth) throws IOException {
    if (depth > MAX_GRAPH_DEPTH) {
      throw in.error(in.position(), "subgraphs nested deeper than " + MAX_GRAPH_DEPTH);
    }
    String name = "";
    List<OnnxNode> nodes = new ArrayList<>();
    Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    List<String> sparse = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (ProtobufReader.field(tag)) {
        case 1 -> nodes.add(parseNode(message(in, tag), nodes.size(), depth));
        case 2 -> name = string(in, tag);
        case 5 -> {
          OnnxTensor t = parseTensor(message(in, tag));
          if (initializers.put(t.name(), t) != null) {
            throw new WeightsException(in.file() + ": initializer '" + t.name() + "' appears twice");
          }
        }
        case 11 -> inputs.add(valueInfoName(message(in, tag)));
        case 12 -> outputs.add(valueInfoName(message(in, tag)));
        case 15 -> sparse.add(sparseTensorName(message(in, tag)));
        default -> in.skip(tag);
      }
    }
    return new OnnxGraph(name, nodes, initializers, sparse, inputs, outputs);
  }

  private static OnnxNode parseNode(ProtobufReader in, int index, int depth) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    String domain = "";
    Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (ProtobufReader.field(tag)) {
        case 1 -> inputs.add(string(in, tag));
        case 2 -> outputs.add(string(in, tag));
        case 3 -> name = string(in, tag);
        case 4 -> opType = string(in, tag);
        case 5 -> {
          OnnxAttribute a = parseAttribute(message(in, tag), depth);
          if (attributes.put(a.name(), a) != null) {
            throw new WeightsException(in.file() + ": node #" + index + " (" + opType
                + ") has attribute '" + a.name() + "' twice");
          }
        }
        case 7 -> domain = string(in, tag);
        default -> in.skip(tag);
      }
    }
    return new OnnxNode(index, name, opType, domain, inputs, outputs, attributes);
  }

  private static OnnxAttribute parseAttribute(ProtobufReader in, int depth) throws IOException {
    String name = "";
    long type = 0;
    float f = 0f;
    long i = 0;
    String s = null;
    OnnxTensor t = null;
    List<Float> floats = new ArrayList<>();
    List<Long> ints = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    List<OnnxTensor> tensors = new ArrayList<>();
    int graphs = 0;
    boolean sparse = false;
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (ProtobufReader.field(tag)) {
        case 1 -> name = string(in, tag);
        case 2 -> {
          in.expectWireType(tag, ProtobufReader.FIXED32);
          f = in.readFloat();
        }
        case 3 -> i = varint(in, tag);
        case 4 -> s = string(in, tag);
        case 5 -> t = parseTensor(message(in, tag));
        case 6, 11 -> {
          parseGraph(message(in, tag), depth + 1); // decoded only to check it is well formed
          graphs++;
        }
        case 7 -> in.readFixed32s(tag, bits -> floats.add(Float.intBitsToFloat((int) bits)));
        case 8 -> in.readVarints(tag, ints::add);
        case 9 -> strings.add(string(in, tag));
        case 10 -> tensors.add(parseTensor(message(in, tag)));
        case 20 -> type = varint(in, tag);
        case 22, 23 -> {
          in.skip(tag);
          sparse = true;
        }
        default -> in.skip(tag);
      }
    }
    OnnxAttribute.Type kind = OnnxAttribute.Type.of(type);
    if (type == 0) {
      // IR version 1 files may leave the type out; infer it from the field present.
      kind = t != null ? OnnxAttribute.Type.TENSOR : s != null ? OnnxAttribute.Type.STRING
          : !floats.isEmpty() ? OnnxAttribute.Type.FLOATS : !ints.isEmpty() ? OnnxAttribute.Type.INTS
          : !strings.isEmpty() ? OnnxAttribute.Type.STRINGS : graphs > 0 ? OnnxAttribute.Type.GRAPH
          : sparse ? OnnxAttribute.Type.SPARSE_TENSOR : OnnxAttribute.Type.UNDEFINED;
    }
    if (kind == OnnxAttribute.Type.TENSOR && t == null) {
      throw new WeightsException(in.file() + ": attribute '" + name + "' is a tensor but holds none");
    }
    return new OnnxAttribute(name, kind, f, i, s == null ? "" : s, t, floats, ints, strings, tensors,
        graphs);
  }

  static OnnxTensor parseTensor(ProtobufReader in) throws IOException {
    List<Long> dims = new ArrayList<>();
    long dataType = 0;
    String name = "";
    ProtobufReader.Bytes raw = null;
    int typedField = 0;
    LongList typed = new LongList();
    Map<String, String> external = new LinkedHashMap<>();
    long dataLocation = 0;
    boolean segmented = false;
    while (in.hasMore()) {
      int tag = in.readTag();
      int field = ProtobufReader.field(tag);
      switch (field) {
        case 1 -> in.readVarints(tag, dims::add);
        case 2 -> dataType = varint(in, tag);
        case 3 -> {
          in.skip(tag);
          segmented = true;
        }
        case 4 -> {
          typedField = typedField(in, typedField, field);
          in.readFixed32s(tag, typed::add);
        }
        case 5, 7, 11 -> {
          typedField = typedField(in, typedField, field);
          in.readVarints(tag, typed::add);
        }
        case 10 -> {
          typedField = typedField(in, typedField, field);
          in.readFixed64s(tag, typed::add);
        }
        case 6 -> {
          in.skip(tag);
          typedField = typedField(in, typedField, field);
        }
        case 8 -> name = string(in, tag);
        case 9 -> raw = bytes(in, tag);
        case 13 -> {
          ProtobufReader entry = message(in, tag);
          String key = "";
          String value = "";
          while (entry.hasMore()) {
            int t = entry.readTag();
            switch (ProtobufReader.field(t)) {
              case 1 -> key = string(entry, t);
              case 2 -> value = string(entry, t);
              default -> entry.skip(t);
            }
          }
          external.put(key, value);
        }
        case 14 -> dataLocation = varint(in, tag);
        default -> in.skip(tag);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    String where = in.file() + ": tensor '" + name + "' " + Arrays.toString(shape);
    OnnxDataType type = OnnxDataType.of(dataType);
    if (type == null) {
      throw new WeightsException(where + " has data_type " + dataType + ", which this reader does not"
          + " support (float, double, float16, bfloat16 and integers are)");
    }
    if (segmented) {
      throw new WeightsException(where + " is segmented (TensorProto.segment), which is not supported");
    }
    OnnxTensor.Values values;
    if (raw != null) {
      values = new OnnxTensor.Raw(raw);
    } else if (typedField != 0) {
      values = new OnnxTensor.Typed(typedField, typed.toArray());
    } else if (dataLocation == 1) {
      values = OnnxExternalData.describe(where, external);
    } else {
      values = new OnnxTensor.Absent();
    }
    return new OnnxTensor(in.file(), name, type, shape, values);
  }

  private static int typedField(ProtobufReader in, int seen, int field) throws WeightsException {
    if (seen != 0 && seen != field) {
      throw new WeightsException(in.file() + ": a tensor stores values in both field " + seen
          + " and field " + field);
    }
    return field;
  }

  private static String valueInfoName(ProtobufReader in) throws IOException {
    String name = "";
    while (in.hasMore()) {
      int tag = in.readTag();
      if (ProtobufReader.field(tag) == 1) {
        name = string(in, tag);
      } else {
        in.skip(tag);
      }
    }
    return name;
  }

  /** {@code SparseTensorProto.values} (field 1) is a TensorProto whose name is the sparse tensor's. */
  private static String sparseTensorName(ProtobufReader in) throws IOException {
    String name = "";
    while (in.hasMore()) {
      int tag = in.readTag();
      if (ProtobufReader.field(tag) == 1) {
        name = parseTensor(message(in, tag)).name();
      } else {
        in.skip(tag);
      }
    }
    return name;
  }

  private static long varint(ProtobufReader in, int tag) throws IOException {
    in.expectWireType(tag, ProtobufReader.VARINT);
    return in.readVarint();
  }

  private static String string(ProtobufReader in, int tag) throws IOException {
    in.expectWireType(tag, ProtobufReader.LENGTH_DELIMITED);
    return in.readString();
  }

  private static ProtobufReader.Bytes bytes(ProtobufReader in, int tag) throws IOException {
    in.expectWireType(tag, ProtobufReader.LENGTH_DELIMITED);
    return in.readBytes();
  }

  private static ProtobufReader message(ProtobufReader in, int tag) throws IOException {
    in.expectWireType(tag, ProtobufReader.LENGTH_DELIMITED);
    return in.readMessage();
  }

  /** A growable long array; its growth is bounded by the bytes the file actually holds. */
  private static final class LongList {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
