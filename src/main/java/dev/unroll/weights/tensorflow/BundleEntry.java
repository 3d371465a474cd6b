package dev.unroll.weights.tensorflow;

import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.ProtobufReader;
import java.util.ArrayList;
import java.util.List;

/**
 * One tensor entry of a TensorFlow checkpoint index ({@code BundleEntryProto}): where its bytes are
 * and how to check them. Also the header entry's fields ({@code BundleHeaderProto}).
 */
record BundleEntry(String key, int dtype, long[] shape, int shardId, long offset, long size, int maskedCrc,
    boolean partitioned) {

  /** TensorFlow's DataType values this reader decodes. */
  static final int DT_FLOAT = 1;
  static final int DT_DOUBLE = 2;
  static final int DT_INT32 = 3;
  static final int DT_UINT8 = 4;
  static final int DT_INT16 = 5;
  static final int DT_INT8 = 6;
  static final int DT_STRING = 7;
  static final int DT_INT64 = 9;
  static final int DT_BOOL = 10;
  static final int DT_BFLOAT16 = 14;
  static final int DT_UINT16 = 17;
  static final int DT_HALF = 19;
  static final int DT_UINT32 = 22;
  static final int DT_UINT64 = 23;

  /** {@code BundleHeaderProto}: shard count and byte order. */
  record Header(int numShards, boolean bigEndian, long producer, long minConsumer) {}

  static Header parseHeader(String where, byte[] value) throws WeightsException {
    ProtobufReader in = new ProtobufReader(where + " header entry", value);
    long shards = 0;
    long endianness = 0;
    long producer = 0;
    long minConsumer = 0;
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (tag) {
        case 1 << 3 -> shards = in.readVarint();
        case 2 << 3 -> endianness = in.readVarint();
        case 3 << 3 | ProtobufReader.LENGTH_DELIMITED -> {
          ProtobufReader version = in.readMessage();
          while (version.hasMore()) {
            int t = version.readTag();
            if (t == 1 << 3) {
              producer = version.readVarint();
            } else if (t == 2 << 3) {
              minConsumer = version.readVarint();
            } else {
              version.skip(t);
            }
          }
        }
        default -> in.skip(tag);
      }
    }
    if (shards < 1 || shards > 99999) {
      throw new WeightsException(where + ": header declares " + shards + " data shards (expected 1 to 99999)");
    }
    if (endianness > 1) {
      throw new WeightsException(where + ": header declares unknown endianness " + endianness);
    }
    if (minConsumer > 1) {
      throw new WeightsException(where + ": the bundle needs a reader of version " + minConsumer
          + " or newer; this reader implements version 1");
    }
    return new Header((int) shards, endianness == 1, producer, minConsumer);
  }

  static BundleEntry parse(String where, String key, byte[] value) throws WeightsException {
    ProtobufReader in = new ProtobufReader(where + " entry '" + key + "'", value);
    int dtype = 0;
    List<Long> dims = new ArrayList<>();
    long shard = 0;
    long offset = 0;
    long size = 0;
    int crc = 0;
    boolean partitioned = false;
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (tag) {
        case 1 << 3 -> dtype = (int) in.readVarint();
        case 2 << 3 | ProtobufReader.LENGTH_DELIMITED -> {
          ProtobufReader shape = in.readMessage();
          while (shape.hasMore()) {
            int t = shape.readTag();
            if (t == (2 << 3 | ProtobufReader.LENGTH_DELIMITED)) {
              ProtobufReader dim = shape.readMessage();
              long d = 0;
              while (dim.hasMore()) {
                int dt = dim.readTag();
                if (dt == 1 << 3) {
                  d = dim.readVarint();
                } else {
                  dim.skip(dt);
                }
              }
              dims.add(d);
            } else if (t == 3 << 3) {
              if (shape.readVarint() != 0) {
                throw new WeightsException(where + ": tensor '" + key + "' has unknown rank");
              }
            } else {
              shape.skip(t);
            }
          }
        }
        case 3 << 3 -> shard = in.readVarint();
        case 4 << 3 -> offset = in.readVarint();
        case 5 << 3 -> size = in.readVarint();
        case 6 << 3 | ProtobufReader.FIXED32 -> crc = in.readFixed32();
        case 7 << 3 | ProtobufReader.LENGTH_DELIMITED -> {
          partitioned = true;
          in.skip(tag);
        }
        default -> in.skip(tag);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    for (long d : shape) {
      if (d < 0) {
        throw new WeightsException(where + ": tensor '" + key + "' has a negative dimension " + Tensor.shapeString(shape));
      }
    }
    if (shard < 0 || shard > Integer.MAX_VALUE || offset < 0 || size < 0) {
      throw new WeightsException(where + ": tensor '" + key + "' has shard " + shard + ", offset " + offset
          + ", size " + size);
    }
    return new BundleEntry(key, dtype, shape, (int) shard, offset, size, crc, partitioned);
  }

  /** Bytes per element, 0 for strings, -1 for types this reader does not decode. */
  int elementSize() {
    return switch (dtype) {
      case DT_FLOAT, DT_INT32, DT_UINT32 -> 4;
      case DT_DOUBLE, DT_INT64, DT_UINT64 -> 8;
      case DT_UINT8, DT_INT8, DT_BOOL -> 1;
      case DT_INT16, DT_UINT16, DT_BFLOAT16, DT_HALF -> 2;
      case DT_STRING -> 0;
      default -> -1;
    };
  }

  String dtypeName() {
    return switch (dtype) {
      case DT_FLOAT -> "float32";
      case DT_DOUBLE -> "float64";
      case DT_INT32 -> "int32";
      case DT_UINT8 -> "uint8";
      case DT_INT16 -> "int16";
      case DT_INT8 -> "int8";
      case DT_STRING -> "string";
      case DT_INT64 -> "int64";
      case DT_BOOL -> "bool";
      case DT_BFLOAT16 -> "bfloat16";
      case DT_UINT16 -> "uint16";
      case DT_HALF -> "float16";
      case DT_UINT32 -> "uint32";
      case DT_UINT64 -> "uint64";
      default -> "DataType(" + dtype + ")";
    };
  }

  String describe() {
    return key + " " + dtypeName() + " " + Tensor.shapeString(shape);
  }
}
