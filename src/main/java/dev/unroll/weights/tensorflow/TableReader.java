package dev.unroll.weights.tensorflow;

import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.MaskedCrc32c;
import dev.unroll.weights.codec.ProtobufReader;
import dev.unroll.weights.codec.Snappy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The LevelDB-style SSTable of a TensorFlow {@code .index} file, held in memory: a 48-byte footer
 * (metaindex and index block handles, magic {@code 0xdb4775248b80fb57}), an index block whose values
 * are data-block handles, and data blocks of prefix-compressed entries followed by restart points.
 * Every block's trailer (compression type, masked CRC32C of contents and type) is checked; Snappy
 * blocks are decompressed.
 */
public final class TableReader {
  static final int FOOTER_LENGTH = 48;
  public static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int TRAILER_LENGTH = 5;

  /** One key/value pair of the table. */
  public record Entry(byte[] key, byte[] value) {
    public String keyString() {
      return new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private TableReader() {}

  static boolean hasMagic(byte[] file) {
    return file.length >= FOOTER_LENGTH
        && ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(file.length - 8) == MAGIC;
  }

  /** All entries, in key order. */
  public static List<Entry> read(String where, byte[] file) throws WeightsException {
    if (file.length < FOOTER_LENGTH) {
      throw new WeightsException(where + ": truncated checkpoint index: " + file.length
          + " bytes, shorter than the " + FOOTER_LENGTH + "-byte footer");
    }
    long magic = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(file.length - 8);
    if (magic != MAGIC) {
      throw new WeightsException(where + ": not a TensorFlow checkpoint index: footer magic is "
          + String.format("0x%016x", magic) + ", expected " + String.format("0x%016x", MAGIC)
          + " (a truncated file or a V1 checkpoint, which is not supported)");
    }
    ProtobufReader footer = new ProtobufReader(where + " footer", file, file.length - FOOTER_LENGTH, 40);
    footer.readVarint(); // metaindex offset
    footer.readVarint(); // metaindex size: TensorFlow's metaindex is empty
    long indexOffset = footer.readVarint();
    long indexSize = footer.readVarint();
    byte[] index = block(where, file, indexOffset, indexSize, "index block");
    List<Entry> entries = new ArrayList<>();
    for (Entry handle : entries(where + " index block", index)) {
      ProtobufReader h = new ProtobufReader(where + " index entry", handle.value());
      long offset = h.readVarint();
      long size = h.readVarint();
      byte[] data = block(where, file, offset, size, "data block at " + offset);
      entries.addAll(entries(where + " data block at " + offset, data));
    }
    for (int i = 1; i < entries.size(); i++) {
      if (Arrays.compareUnsigned(entries.get(i - 1).key(), entries.get(i).key()) >= 0) {
        throw new WeightsException(where + ": keys out of order: '" + entries.get(i - 1).keyString()
            + "' then '" + entries.get(i).keyString() + "'");
      }
    }
    return entries;
  }

  /** A block's contents after its trailer is checked and any compression undone. */
  private static byte[] block(String where, byte[] file, long offset, long size, String what)
      throws WeightsException {
    long limit = file.length - FOOTER_LENGTH;
    if (offset < 0 || size < 0 || offset > limit || size > limit - offset - TRAILER_LENGTH) {
      throw new WeightsException(where + ": " + what + " (offset " + offset + ", size " + size
          + " plus a 5-byte trailer) lies outside the file's " + limit + " bytes before the footer");
    }
    int start = (int) offset;
    int length = (int) size;
    int type = file[start + length] & 0xff;
    int stored = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(start + length + 1);
    int actual = MaskedCrc32c.crc(file, start, length + 1);
    if (MaskedCrc32c.unmask(stored) != actual) {
      throw new WeightsException(where + ": " + what + ": crc32c mismatch (stored "
          + String.format("0x%08x", MaskedCrc32c.unmask(stored)) + ", computed " + String.format("0x%08x", actual) + ")");
    }
    return switch (type) {
      case 0 -> Arrays.copyOfRange(file, start, start + length);
      case 1 -> Snappy.decompress(where + " " + what, file, start, length);
      default -> throw new WeightsException(where + ": " + what + ": unknown compression type " + type
          + " (0 none and 1 Snappy are known)");
    };
  }

  /** The entries of one block: prefix-compressed keys, then restart offsets and their count. */
  public static List<Entry> entries(String where, byte[] block) throws WeightsException {
    if (block.length < 4) {
      throw new WeightsException(where + ": a block of " + block.length + " bytes has no restart count");
    }
    long restarts = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(block.length - 4) & 0xffffffffL;
    if (restarts > (block.length - 4) / 4) {
      throw new WeightsException(where + ": " + restarts + " restart points do not fit a block of " + block.length + " bytes");
    }
    int end = (int) (block.length - 4 - 4 * restarts);
    ProtobufReader in = new ProtobufReader(where, block, 0, end);
    List<Entry> out = new ArrayList<>();
    byte[] previous = new byte[0];
    while (in.hasMore()) {
      long shared = in.readVarint();
      long unshared = in.readVarint();
      long valueLength = in.readVarint();
      int pos = in.position();
      // each length against what remains: their sum could overflow a long
      if (shared < 0 || shared > previous.length || unshared < 0 || valueLength < 0
          || unshared > end - pos || valueLength > end - pos - unshared) {
        throw new WeightsException(where + ": malformed entry at byte " + pos + " (shared " + shared
            + ", unshared " + unshared + ", value " + valueLength + ", previous key " + previous.length + " bytes)");
      }
      byte[] key = new byte[(int) (shared + unshared)];
      System.arraycopy(previous, 0, key, 0, (int) shared);
      System.arraycopy(block, pos, key, (int) shared, (int) unshared);
      byte[] value = Arrays.copyOfRange(block, pos + (int) unshared, pos + (int) (unshared + valueLength));
      in.advance((int) (unshared + valueLength));
      out.add(new Entry(key, value));
      previous = key;
    }
    return out;
  }
}
