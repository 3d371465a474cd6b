package dev.unroll.weights.codec;

import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.WeightsException;

/**
 * A decoder for raw Snappy blocks (not the framed format), as TensorFlow's table writer compresses
 * {@code .index} blocks: a varint uncompressed length, then literals and back-references.
 */
public final class Snappy {
  /**
   * The most a Snappy element can expand: a 3-byte copy yields 64 bytes. A declared length beyond
   * this ratio cannot be right, so nothing is allocated for it.
   */
  private static final int MAX_EXPANSION = 22;

  private Snappy() {}

  public static byte[] decompress(String where, byte[] in, int offset, int length) throws WeightsException {
    ProtobufReader header = new ProtobufReader(where, in, offset, length);
    long declared = header.readVarint();
    int pos = header.position();
    int end = offset + length;
    if (declared < 0 || declared > (long) length * MAX_EXPANSION + 64 || declared > SourceBytes.MAX_WHOLE_FILE) {
      throw corrupt(where, "declares " + declared + " uncompressed bytes for " + length + " compressed");
    }
    byte[] out = new byte[(int) declared];
    int o = 0;
    while (pos < end) {
      int tag = in[pos++] & 0xff;
      int kind = tag & 3;
      if (kind == 0) { // literal
        int len = tag >>> 2;
        if (len >= 60) {
          int extra = len - 59;
          if (end - pos < extra) {
            throw corrupt(where, "a literal length runs past the end");
          }
          len = 0;
          for (int i = 0; i < extra; i++) {
            len |= (in[pos++] & 0xff) << (8 * i);
          }
        }
        long n = (len & 0xffffffffL) + 1;
        if (n > end - pos || n > out.length - o) {
          throw corrupt(where, "a literal of " + n + " bytes does not fit");
        }
        System.arraycopy(in, pos, out, o, (int) n);
        pos += (int) n;
        o += (int) n;
      } else { // copy
        int len;
        long back;
        if (kind == 1) {
          if (end - pos < 1) {
            throw corrupt(where, "a copy runs past the end");
          }
          len = 4 + ((tag >>> 2) & 7);
          back = ((tag >>> 5) << 8) | (in[pos++] & 0xff);
        } else {
          int bytes = kind == 2 ? 2 : 4;
          if (end - pos < bytes) {
            throw corrupt(where, "a copy runs past the end");
          }
          len = (tag >>> 2) + 1;
          back = 0;
          for (int i = 0; i < bytes; i++) {
            back |= (long) (in[pos++] & 0xff) << (8 * i);
          }
        }
        if (back <= 0 || back > o || len > out.length - o) {
          throw corrupt(where, "a copy of " + len + " bytes from " + back + " back at output byte " + o + " is out of range");
        }
        // byte by byte: source and destination may overlap
        for (int i = 0; i < len; i++, o++) {
          out[o] = out[o - (int) back];
        }
      }
    }
    if (o != out.length) {
      throw corrupt(where, "decodes to " + o + " bytes, not the " + out.length + " declared");
    }
    return out;
  }

  private static WeightsException corrupt(String where, String what) {
    return new WeightsException(where + ": corrupt Snappy block: " + what);
  }
}
