package dev.unroll.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire-format bytes by hand, for tests that need exact (and broken) messages. */
public final class ProtoBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public ProtoBytes varint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  public ProtoBytes tag(int field, int wire) {
    return varint((long) field << 3 | wire);
  }

  public ProtoBytes varintField(int field, long v) {
    return tag(field, 0).varint(v);
  }

  public ProtoBytes bytesField(int field, byte[] b) {
    tag(field, 2).varint(b.length);
    out.writeBytes(b);
    return this;
  }

  public ProtoBytes stringField(int field, String s) {
    return bytesField(field, s.getBytes(StandardCharsets.UTF_8));
  }

  public ProtoBytes messageField(int field, ProtoBytes m) {
    return bytesField(field, m.toByteArray());
  }

  public ProtoBytes fixed32Field(int field, float f) {
    tag(field, 5);
    int bits = Float.floatToRawIntBits(f);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i) & 0xff);
    }
    return this;
  }

  /** Raw bytes, e.g. a field header with a length that lies. */
  public ProtoBytes raw(byte... b) {
    out.writeBytes(b);
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Little-endian float32 bytes. */
  public static byte[] floatsLittleEndian(float... v) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }
}
