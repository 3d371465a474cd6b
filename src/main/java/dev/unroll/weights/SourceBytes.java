package dev.unroll.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Whole-file and ranged reads from a {@link WeightSource}, with the checks every loader needs. */
final class SourceBytes {
  /** The largest file read whole into memory (a Java array's limit); RNN weights are far smaller. */
  static final long MAX_WHOLE_FILE = Integer.MAX_VALUE - 8;

  private SourceBytes() {}

  /** All bytes of {@code source}, which must not change size while it is read. */
  static byte[] readAll(WeightSource source) throws IOException {
    long size = source.size();
    if (size > MAX_WHOLE_FILE) {
      throw new WeightsException(
          source.describe() + ": " + size + " bytes is more than this loader reads whole ("
              + MAX_WHOLE_FILE + ")");
    }
    return readRange(source, 0, size, size);
  }

  /**
   * Bytes {@code [offset, offset+length)} of {@code source}, whose size is {@code fileSize}. The range
   * is checked against the size before anything is allocated.
   */
  static byte[] readRange(WeightSource source, long offset, long length, long fileSize)
      throws IOException {
    if (offset < 0 || length < 0 || length > MAX_WHOLE_FILE || offset > fileSize - length) {
      throw new WeightsException(
          source.describe() + ": bytes [" + offset + ", " + (offset + length) + ") lie outside the file, which has "
              + fileSize + " bytes");
    }
    byte[] out = new byte[(int) length];
    try (SeekableByteChannel channel = source.open()) {
      channel.position(offset);
      ByteBuffer buffer = ByteBuffer.wrap(out);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new WeightsException(
              source.describe() + ": file ended after " + (offset + buffer.position())
                  + " bytes while reading bytes [" + offset + ", " + (offset + length) + ")");
        }
      }
    }
    return out;
  }

  static String sha256(byte[] bytes) {
    MessageDigest digest = sha256();
    return HexFormat.of().formatHex(digest.digest(bytes));
  }

  /**
   * SHA-256 of {@code first} followed by every byte of each of {@code rest}, streamed: what
   * {@code cat first rest... | sha256sum} prints.
   */
  static String sha256(byte[] first, List<WeightSource> rest) throws IOException {
    MessageDigest digest = sha256();
    digest.update(first);
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    for (WeightSource source : rest) {
      try (SeekableByteChannel channel = source.open()) {
        while (channel.read(buffer.clear()) >= 0) {
          digest.update(buffer.flip());
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
