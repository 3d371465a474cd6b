package dev.unroll.weights.onnx;

/** ONNX {@code TensorProto.DataType}: its number in the file, its name and its width in raw_data. */
enum OnnxDataType {
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  UINT16(4, 2),
  INT16(5, 2),
  INT32(6, 4),
  INT64(7, 8),
  STRING(8, 0),
  BOOL(9, 1),
  FLOAT16(10, 2),
  DOUBLE(11, 8),
  UINT32(12, 4),
  UINT64(13, 8),
  COMPLEX64(14, 8),
  COMPLEX128(15, 16),
  BFLOAT16(16, 2);

  final int code;
  /** Bytes per element in {@code raw_data}; 0 for strings, which have no fixed width. */
  final int width;

  OnnxDataType(int code, int width) {
    this.code = code;
    this.width = width;
  }

  /** The type numbered {@code code}, or null for one this reader does not know (e.g. float8). */
  static OnnxDataType of(long code) {
    for (OnnxDataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** Whether the values convert to float32: float, double, float16, bfloat16. */
  boolean isFloatingPoint() {
    return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
  }

  /** Whether the values are integers of at most 64 bits (bool included). */
  boolean isInteger() {
    return switch (this) {
      case UINT8, INT8, UINT16, INT16, INT32, INT64, BOOL, UINT32, UINT64 -> true;
      default -> false;
    };
  }

  /** e.g. {@code float32}, {@code int64}, as in the other loaders' tensor lists. */
  String describe() {
    return switch (this) {
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      default -> name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
