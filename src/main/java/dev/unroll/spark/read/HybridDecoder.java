package dev.unroll.spark.read;

/**
 * Parquet's RLE / bit-packed hybrid encoding (levels and dictionary ids) decoded in bulk into an int
 * array: a run header, then either one repeated value or groups of eight values packed least
 * significant bit first. No per-value call: the caller gets the whole page's values at once.
 */
final class HybridDecoder {
  private HybridDecoder() {}

  /**
   * Decodes {@code count} values of {@code bitWidth} bits from {@code in[from..end)} into {@code out[0..count)}.
   * Values past {@code count} in the last packed group (the writer's padding) are dropped.
   */
  static void decode(byte[] in, int from, int end, int bitWidth, int[] out, int count) {
    if (bitWidth == 0) {
      java.util.Arrays.fill(out, 0, count, 0);
      return;
    }
    int pos = from;
    int n = 0;
    int valueBytes = (bitWidth + 7) >>> 3;
    int mask = bitWidth == 32 ? -1 : (1 << bitWidth) - 1;
    while (n < count) {
      if (pos >= end) {
        throw new IllegalStateException("levels or ids end after " + n + " of " + count + " values");
      }
      // run header: an unsigned varint
      int header = 0;
      int shift = 0;
      int b;
      do {
        b = in[pos++] & 0xff;
        header |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if ((header & 1) == 0) {
        // RLE run: one value, little endian in the fewest whole bytes
        int run = Math.min(header >>> 1, count - n);
        int value = 0;
        for (int i = 0; i < valueBytes; i++) {
          value |= (in[pos++] & 0xff) << (8 * i);
        }
        java.util.Arrays.fill(out, n, n + run, value);
        n += run;
      } else {
        // bit-packed run: (header >> 1) groups of eight values, bitWidth bytes a group
        int groups = header >>> 1;
        int stop = pos + groups * bitWidth;
        int take = Math.min(groups * 8, count - n);
        long bits = 0;
        int held = 0;
        for (int i = 0; i < take; i++) {
          while (held < bitWidth) {
            bits |= (long) (in[pos++] & 0xff) << held;
            held += 8;
          }
          out[n++] = (int) bits & mask;
          bits >>>= bitWidth;
          held -= bitWidth;
        }
        pos = stop;
      }
    }
  }

  /**
   * Whether all {@code count} values in {@code in[from..end)} are {@code value}, told from the run
   * headers alone: true only when they are RLE runs of it (as a writer encodes a page of
   * non-null values' definition levels); a bit-packed run, even of that value, answers false.
   */
  static boolean allEqual(byte[] in, int from, int end, int bitWidth, int count, int value) {
    int pos = from;
    int n = 0;
    int valueBytes = (bitWidth + 7) >>> 3;
    while (n < count) {
      if (pos >= end) {
        return false;
      }
      int header = 0;
      int shift = 0;
      int b;
      do {
        b = in[pos++] & 0xff;
        header |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if ((header & 1) != 0) {
        return false;
      }
      int v = 0;
      for (int i = 0; i < valueBytes; i++) {
        v |= (in[pos++] & 0xff) << (8 * i);
      }
      if (v != value) {
        return false;
      }
      n += header >>> 1;
    }
    return true;
  }

  /**
   * Decodes {@code count} values like {@link #decode}, keeping only those other than {@code skip}: the
   * k-th such value and its index go to {@code values[k]} and {@code at[k]}; returns how many. RLE runs
   * of {@code skip} cost one header each. Both arrays must hold {@code count}.
   */
  static int decodeMarks(byte[] in, int from, int end, int bitWidth, int count, int skip, int[] at, int[] values) {
    int pos = from;
    int n = 0;
    int marks = 0;
    int valueBytes = (bitWidth + 7) >>> 3;
    int mask = (1 << bitWidth) - 1;
    while (n < count) {
      if (pos >= end) {
        throw new IllegalStateException("levels end after " + n + " of " + count + " values");
      }
      int header = 0;
      int shift = 0;
      int b;
      do {
        b = in[pos++] & 0xff;
        header |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if ((header & 1) == 0) {
        int run = Math.min(header >>> 1, count - n);
        int value = 0;
        for (int i = 0; i < valueBytes; i++) {
          value |= (in[pos++] & 0xff) << (8 * i);
        }
        if (value != skip) {
          for (int i = 0; i < run; i++) {
            at[marks] = n + i;
            values[marks++] = value;
          }
        }
        n += run;
      } else {
        int groups = header >>> 1;
        int stop = pos + groups * bitWidth;
        int take = Math.min(groups * 8, count - n);
        long bits = 0;
        int held = 0;
        for (int i = 0; i < take; i++) {
          while (held < bitWidth) {
            bits |= (long) (in[pos++] & 0xff) << held;
            held += 8;
          }
          int value = (int) bits & mask;
          if (value != skip) {
            at[marks] = n;
            values[marks++] = value;
          }
          n++;
          bits >>>= bitWidth;
          held -= bitWidth;
        }
        pos = stop;
      }
    }
    return marks;
  }

  /** The bit width of levels up to {@code maxLevel}, as Parquet writes them. */
  static int width(int maxLevel) {
    return 32 - Integer.numberOfLeadingZeros(maxLevel);
  }
}
