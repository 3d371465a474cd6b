package dev.unroll.weights.onnx;

import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.HalfFloats;
import dev.unroll.weights.codec.ProtobufReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One ONNX {@code TensorProto} as the file holds it: name, element type, shape, and where its values
 * are. Nothing is converted until asked, and every conversion first checks that the values present
 * match the shape, so a shape read out of a file never allocates more than the file holds.
 *
 * @param file the file it was read from, for messages
 * @param dims outermost first; empty for a scalar
 */
public record OnnxTensor(String file, String name, OnnxDataType type, long[] dims, Values values) {

  /** The most elements one tensor may hold: a Java array's limit. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  /** Where a tensor's values are. */
  sealed interface Values permits Raw, Typed, External, Absent {}

  /** {@code raw_data}: fixed-width little-endian values in C order. */
  record Raw(ProtobufReader.Bytes bytes) implements Values {}

  /**
   * A typed field's values as read: {@code field} 4 (float bits), 5 (int32, or float16/bfloat16 bits
   * in the low 16 bits), 7 (int64), 10 (double bits) or 11 (uint64).
   */
  record Typed(int field, long[] values) implements Values {}

  /** {@code data_location = EXTERNAL}: bytes in another file, resolved by {@link OnnxExternalData}. */
  record External(String location, long offset, long length) implements Values {}

  /** No values at all: legal only for an empty tensor. */
  record Absent() implements Values {}

  /** The typed field each data type's values belong in (ONNX's TensorProto comments). */
  static int typedFieldOf(OnnxDataType type) {
    return switch (type) {
      case FLOAT, COMPLEX64 -> 4;
      case INT32, INT16, INT8, UINT16, UINT8, BOOL, FLOAT16, BFLOAT16 -> 5;
      case INT64 -> 7;
      case DOUBLE, COMPLEX128 -> 10;
      case UINT32, UINT64 -> 11;
      case STRING -> 6;
    };
  }

  /** e.g. {@code W float32 [1, 12, 4]}. */
  String describe() {
    return name + " " + type.describe() + " " + Arrays.toString(dims);
  }

  /** The number of elements the shape declares, refused when it cannot be an array. */
  int elementCount() throws WeightsException {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw error("has a negative dimension");
      }
      n = d == 0 ? 0 : (n > MAX_ELEMENTS / d ? -1 : n * d);
      if (n < 0) {
        throw error("declares more elements than this reader can hold");
      }
    }
    return (int) n;
  }

  /** The values as float32: float, double, float16 and bfloat16 tensors only. */
  public float[] toFloats() throws WeightsException {
    if (!type.isFloatingPoint()) {
      throw error("is " + type.describe() + ", expected a floating-point tensor");
    }
    int n = elementCount();
    float[] out = new float[checkedCount(n)];
    if (values instanceof Raw raw) {
      ByteBuffer b = littleEndian(raw);
      for (int i = 0; i < n; i++) {
        out[i] = switch (type) {
          case FLOAT -> b.getFloat(i * 4);
          case DOUBLE -> (float) b.getDouble(i * 8);
          case FLOAT16 -> HalfFloats.halfToFloat(b.getShort(i * 2) & 0xffff);
          default -> HalfFloats.bfloat16ToFloat(b.getShort(i * 2) & 0xffff);
        };
      }
    } else if (values instanceof Typed typed) {
      long[] v = typed.values();
      for (int i = 0; i < n; i++) {
        out[i] = switch (type) {
          case FLOAT -> Float.intBitsToFloat((int) v[i]);
          case DOUBLE -> (float) Double.longBitsToDouble(v[i]);
          case FLOAT16 -> HalfFloats.halfToFloat((int) v[i] & 0xffff);
          default -> HalfFloats.bfloat16ToFloat((int) v[i] & 0xffff);
        };
      }
    }
    return out;
  }

  /** The values as integers: integer and bool tensors only. */
  long[] toLongs() throws WeightsException {
    if (!type.isInteger()) {
      throw error("is " + type.describe() + ", expected an integer tensor");
    }
    int n = elementCount();
    long[] out = new long[checkedCount(n)];
    if (values instanceof Raw raw) {
      ByteBuffer b = littleEndian(raw);
      for (int i = 0; i < n; i++) {
        out[i] = switch (type) {
          case INT8 -> b.get(i);
          case UINT8, BOOL -> b.get(i) & 0xff;
          case INT16 -> b.getShort(i * 2);
          case UINT16 -> b.getShort(i * 2) & 0xffff;
          case INT32 -> b.getInt(i * 4);
          case UINT32 -> b.getInt(i * 4) & 0xffffffffL;
          default -> b.getLong(i * 8);
        };
      }
    } else if (values instanceof Typed typed) {
      long[] v = typed.values();
      for (int i = 0; i < n; i++) {
        // int32_data holds negative int32 values as sign-extended 64-bit varints
        out[i] = typed.field() == 5 ? (int) v[i] : v[i];
      }
    }
    return out;
  }

  /**
   * Checks that the values present hold exactly {@code n} elements of this type before anything of
   * size {@code n} is allocated.
   */
  private int checkedCount(int n) throws WeightsException {
    if (values instanceof Raw raw) {
      if (type.width == 0 || (long) n * type.width != raw.bytes().length()) {
        throw error("declares " + n + " elements (" + (long) n * type.width + " bytes) but raw_data holds "
            + raw.bytes().length() + " bytes");
      }
    } else if (values instanceof Typed typed) {
      if (typed.field() != typedFieldOf(type)) {
        throw error("stores its values in field " + typed.field() + ", which does not hold "
            + type.describe() + " (expected field " + typedFieldOf(type) + ")");
      }
      if (typed.values().length != n) {
        throw error("declares " + n + " elements but holds " + typed.values().length);
      }
    } else if (values instanceof External) {
      throw error("has external data that was not resolved");
    } else if (n != 0) {
      throw error("declares " + n + " elements but holds no data");
    }
    return n;
  }

  private static ByteBuffer littleEndian(Raw raw) {
    ProtobufReader.Bytes b = raw.bytes();
    return ByteBuffer.wrap(b.array(), b.offset(), b.length()).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  WeightsException error(String problem) {
    return new WeightsException(file + ": tensor '" + name + "' (" + type.describe() + " "
        + Arrays.toString(dims) + ") " + problem);
  }
}
