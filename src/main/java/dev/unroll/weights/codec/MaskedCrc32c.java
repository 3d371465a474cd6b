package dev.unroll.weights.codec;

import java.util.zip.CRC32C;

/**
 * TensorFlow's masked CRC32C ({@code crc32c.h}): {@code mask(c) = rotr32(c, 15) + 0xa282ead8}, so a CRC
 * stored next to the data it covers does not checksum to a fixed value.
 */
public final class MaskedCrc32c {
  private static final int MASK_DELTA = 0xa282ead8;

  private MaskedCrc32c() {}

  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  public static int unmask(int masked) {
    int rot = masked - MASK_DELTA;
    return (rot >>> 17) | (rot << 15);
  }

  public static int crc(byte[] bytes, int offset, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, offset, length);
    return (int) c.getValue();
  }
}
