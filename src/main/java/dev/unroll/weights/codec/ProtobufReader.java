package dev.unroll.weights.codec;

import dev.unroll.weights.WeightsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one protobuf message's bytes (the wire format of weight-formats.md 1.1): tags,
 * varints, fixed 32/64-bit values and length-delimited fields, each checked against the bytes that
 * remain, so a length read out of a file can never allocate more than the file holds. The one decoder
 * for ONNX models and TensorFlow checkpoints (the index table's varints, Snappy block headers,
 * bundle entries, the object graph).
 *
 * <p>Errors are {@link WeightsException}s naming {@code file} (the file, and where the message
 * sits in it if the caller says so) and the byte offset. Groups (wire types 3 and 4) are refused.
 */
public final class ProtobufReader {
  public static final int VARINT = 0;
  static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int FIXED32 = 5;

  private final String file;
  private final byte[] bytes;
  private final int end;
  private int pos;

  public ProtobufReader(String file, byte[] bytes, int offset, int length) {
    this.file = file;
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
  }

  public ProtobufReader(String file, byte[] bytes) {
    this(file, bytes, 0, bytes.length);
  }

  /** A slice of the underlying array, valid as long as the array is. */
  public record Bytes(byte[] array, int offset, int length) {}

  public boolean hasMore() {
    return pos < end;
  }

  /** Position in the underlying array, for messages. */
  public int position() {
    return pos;
  }

  public String file() {
    return file;
  }

  /** The next field's tag: {@code field << 3 | wireType}, with a known wire type. */
  public int readTag() throws WeightsException {
    int at = pos;
    long tag = readVarint();
    int wire = (int) (tag & 7);
    long field = tag >>> 3;
    if (field <= 0 || field > 0x1fffffff || !(wire == VARINT || wire == FIXED64
        || wire == LENGTH_DELIMITED || wire == FIXED32)) {
      throw error(at, "bad protobuf tag " + tag + " (field " + field + ", wire type " + wire + ")");
    }
    return (int) tag;
  }

  public static int field(int tag) {
    return tag >>> 3;
  }

  static int wireType(int tag) {
    return tag & 7;
  }

  public long readVarint() throws WeightsException {
    int at = pos;
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw error(at, "truncated varint");
      }
      byte b = bytes[pos++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw error(at, "varint longer than 10 bytes");
  }

  public int readFixed32() throws WeightsException {
    require(4, "fixed32");
    int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16
        | (bytes[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  long readFixed64() throws WeightsException {
    long lo = readFixed32() & 0xffffffffL;
    long hi = readFixed32() & 0xffffffffL;
    return lo | hi << 32;
  }

  public float readFloat() throws WeightsException {
    return Float.intBitsToFloat(readFixed32());
  }

  double readDouble() throws WeightsException {
    return Double.longBitsToDouble(readFixed64());
  }

  /** A length-delimited field's payload, checked to lie inside this message. */
  public Bytes readBytes() throws WeightsException {
    int at = pos;
    long length = readVarint();
    if (length < 0 || length > end - pos) {
      throw error(at, "length-delimited field declares " + length + " bytes but only " + (end - pos)
          + " remain in its message");
    }
    // length first, then pos: Java's `pos += length()` reads pos before length() runs, so it would
    // add the length to the position before the length's own bytes
    Bytes b = new Bytes(bytes, pos, (int) length);
    pos += (int) length;
    return b;
  }

  public String readString() throws WeightsException {
    Bytes b = readBytes();
    return new String(b.array(), b.offset(), b.length(), StandardCharsets.UTF_8);
  }

  /** A reader over an embedded message. */
  public ProtobufReader readMessage() throws WeightsException {
    Bytes b = readBytes();
    return new ProtobufReader(file, b.array(), b.offset(), b.length());
  }

  /** Skips the field whose tag was just read (one the caller does not use). */
  public void skip(int tag) throws WeightsException {
    switch (wireType(tag)) {
      case VARINT -> readVarint();
      case FIXED64 -> require(8, "fixed64").pos += 8;
      case LENGTH_DELIMITED -> readBytes();
      case FIXED32 -> require(4, "fixed32").pos += 4;
      default -> throw error(pos, "cannot skip wire type " + wireType(tag));
    }
  }

  /** Skips {@code n} bytes of this message, as a record whose sizes the caller has read. */
  public void advance(int n) throws WeightsException {
    if (n < 0) {
      throw error(pos, "cannot skip " + n + " bytes");
    }
    require(n, n + "-byte run").pos += n;
  }

  /** Receives the values of a repeated scalar field. */
  public interface LongSink {
    void accept(long value) throws IOException;
  }

  /**
   * One repeated varint field's values, packed (wire type 2) or not (wire type 0): protobuf writers
   * may use either, so readers must take both.
   */
  public void readVarints(int tag, LongSink sink) throws IOException {
    if (wireType(tag) == VARINT) {
      sink.accept(readVarint());
      return;
    }
    expectWireType(tag, LENGTH_DELIMITED);
    ProtobufReader packed = readMessage();
    while (packed.hasMore()) {
      sink.accept(packed.readVarint());
    }
  }

  /** One repeated 32-bit field's raw bits (sign-extended), packed or not. */
  public void readFixed32s(int tag, LongSink sink) throws IOException {
    readFixedWidth(tag, FIXED32, 4, sink);
  }

  /** One repeated 64-bit field's raw bits, packed or not. */
  public void readFixed64s(int tag, LongSink sink) throws IOException {
    readFixedWidth(tag, FIXED64, 8, sink);
  }

  /** A repeated field of {@code width}-byte values: one of wire type {@code wire}, or a packed run. */
  private void readFixedWidth(int tag, int wire, int width, LongSink sink) throws IOException {
    if (wireType(tag) == wire) {
      sink.accept(width == 4 ? readFixed32() : readFixed64());
      return;
    }
    expectWireType(tag, LENGTH_DELIMITED);
    ProtobufReader packed = readMessage();
    if ((packed.end - packed.pos) % width != 0) {
      throw error(packed.pos, "packed " + 8 * width + "-bit field of " + (packed.end - packed.pos)
          + " bytes, not a multiple of " + width);
    }
    while (packed.hasMore()) {
      sink.accept(width == 4 ? packed.readFixed32() : packed.readFixed64());
    }
  }

  /** Fails unless {@code tag} has {@code wireType}. */
  public void expectWireType(int tag, int wireType) throws WeightsException {
    if (wireType(tag) != wireType) {
      throw error(pos, "field " + field(tag) + " has wire type " + wireType(tag) + ", expected "
          + wireType);
    }
  }

  private ProtobufReader require(int n, String what) throws WeightsException {
    if (end - pos < n) {
      throw error(pos, "truncated " + what + ": " + (end - pos) + " bytes left");
    }
    return this;
  }

  public WeightsException error(int at, String message) {
    return new WeightsException(file + ": " + message + " at byte " + at);
  }
}
