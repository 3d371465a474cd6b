package dev.unroll.spark.parquet;

import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;

/**
 * The repetition or definition levels of one data page, kept as runs of equal levels and encoded as
 * RLE runs of the RLE/bit-packing hybrid (a v1 page's level encoding, behind its four-byte length):
 * the levels of unroll's output come in long runs (a definition level constant over a page, a
 * repetition level of 0 then width - 1 ones per array), so a page costs a few bytes a row to encode
 * instead of a call per value. parquet-mr's encoder bit-packs short runs, so the bytes may differ from
 * its; every Parquet reader decodes both.
 *
 * <p>A column whose maximum level is 0 writes no levels (parquet-mr's {@code BIT_PACKED} placeholder).
 * The counts per level are kept for parquet-mr's size statistics.
 */
final class LevelRuns {
  private final int maxLevel;
  /** Bytes of a run's value: the level's bit width rounded up to whole bytes. */
  private final int valueBytes;
  /** How many levels of each value the page holds. */
  final long[] histogram;
  private byte[] bytes = new byte[64];
  private int size;
  private int runLevel = -1;
  private int runLength;

  LevelRuns(int maxLevel) {
    this.maxLevel = maxLevel;
    this.valueBytes = (32 - Integer.numberOfLeadingZeros(maxLevel) + 7) / 8;
    this.histogram = new long[maxLevel + 1];
  }

  /** Appends {@code count} levels of {@code level}. */
  void add(int level, int count) {
    histogram[level] += count;
    if (maxLevel == 0 || count == 0) {
      return;
    }
    if (level == runLevel) {
      runLength += count;
      return;
    }
    endRun();
    runLevel = level;
    runLength = count;
  }

  private void endRun() {
    if (runLength == 0) {
      return;
    }
    if (size + 5 + valueBytes > bytes.length) {
      bytes = Arrays.copyOf(bytes, 2 * bytes.length);
    }
    // an RLE run: the ULEB128 header (length << 1, low bit 0), then the value in little-endian bytes
    int header = runLength << 1;
    while ((header & ~0x7f) != 0) {
      bytes[size++] = (byte) (header & 0x7f | 0x80);
      header >>>= 7;
    }
    bytes[size++] = (byte) header;
    for (int b = 0; b < valueBytes; b++) {
      bytes[size++] = (byte) (runLevel >>> 8 * b);
    }
    runLength = 0;
  }

  /** An upper bound of the encoded size, for the page and row group size checks. */
  int bufferedSize() {
    return maxLevel == 0 ? 0 : 4 + size + 5 + valueBytes;
  }

  // BIT_PACKED is deprecated as a level encoding; parquet-mr still names it for a page without levels
  @SuppressWarnings("deprecation")
  Encoding encoding() {
    return maxLevel == 0 ? Encoding.BIT_PACKED : Encoding.RLE;
  }

  /** The page's levels as a v1 page stores them; valid until {@link #reset}. */
  BytesInput toBytes() {
    if (maxLevel == 0) {
      return BytesInput.empty();
    }
    endRun();
    runLevel = -1;
    return BytesInput.concat(BytesInput.fromInt(size), BytesInput.from(bytes, 0, size));
  }

  void reset() {
    size = 0;
    runLevel = -1;
    runLength = 0;
    Arrays.fill(histogram, 0);
  }
}
