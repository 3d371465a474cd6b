package dev.unroll.weights;

/**
 * Just enough of the protobuf wire format to read TensorFlow's bundle and object-graph messages by
 * hand: tags, varints, fixed32/64 and length-delimited fields, with unknown fields skipped. Every read
 * is bounds-checked; a malformed message is a {@link WeightsException} naming {@code where}.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final String where;
  private final byte[] bytes;
  private int pos;
  private final int end;

  ProtoReader(String where, byte[] bytes, int offset, int length) {
    this.where = where;
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
  }

  ProtoReader(String where, byte[] bytes) {
    this(where, bytes, 0, bytes.length);
  }

  boolean hasMore() {
    return pos < end;
  }

  int position() {
    return pos;
  }

  /** The next tag ({@code field << 3 | wireType}). */
  int tag() throws WeightsException {
    long tag = varint();
    if (tag <= 0 || tag > Integer.MAX_VALUE) {
      throw malformed("bad field tag " + tag);
    }
    return (int) tag;
  }

  long varint() throws WeightsException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw malformed("a varint runs past the end");
      }
      byte b = bytes[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("a varint is longer than 10 bytes");
  }

  /** A varint that must fit a non-negative int (lengths, counts). */
  int length() throws WeightsException {
    long v = varint();
    if (v < 0 || v > end - pos) {
      throw malformed("a length of " + v + " runs past the end (" + (end - pos) + " bytes left)");
    }
    return (int) v;
  }

  int fixed32() throws WeightsException {
    need(4);
    int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16
        | (bytes[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  /** A length-delimited field as a reader over its bytes. */
  ProtoReader message() throws WeightsException {
    int n = length();
    ProtoReader sub = new ProtoReader(where, bytes, pos, n);
    pos += n;
    return sub;
  }

  byte[] bytesField() throws WeightsException {
    int n = length();
    byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + n);
    pos += n;
    return out;
  }

  String string() throws WeightsException {
    int n = length();
    String s = new String(bytes, pos, n, java.nio.charset.StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** Skips a field of {@code wireType} whose tag was just read. */
  void skip(int wireType) throws WeightsException {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> {
        need(8);
        pos += 8;
      }
      case LENGTH_DELIMITED -> {
        int n = length(); // read before pos: `pos += length()` would add to the old pos
        pos += n;
      }
      case FIXED32 -> {
        need(4);
        pos += 4;
      }
      default -> throw malformed("unsupported wire type " + wireType);
    }
  }

  /** Skips {@code n} bytes. */
  void advance(int n) throws WeightsException {
    need(n);
    pos += n;
  }

  private void need(int n) throws WeightsException {
    if (end - pos < n) {
      throw malformed(n + " bytes needed, " + (end - pos) + " left");
    }
  }

  WeightsException malformed(String what) {
    return new WeightsException(where + ": malformed protobuf message (" + what + ")");
  }
}
