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
    Runs runs = new Runs(in, from, end, bitWidth);
    int n = 0;
    while (n < count) {
      runs.next(n, count);
      int take = Math.min(runs.values(), count - n);
      if (runs.repeated()) {
        java.util.Arrays.fill(out, n, n + take, runs.value());
      } else {
        runs.unpack(out, n, take);
      }
      n += take;
    }
  }

  /**
   * Whether all {@code count} values in {@code in[from..end)} are {@code value}, told from the run
   * headers alone: true only when they are RLE runs of it (as a writer encodes a page of
   * non-null values' definition levels); a bit-packed run, even of that value, answers false.
   */
  static boolean allEqual(byte[] in, int from, int end, int bitWidth, int count, int value) {
    Runs runs = new Runs(in, from, end, bitWidth);
    int n = 0;
    while (n < count) {
      if (!runs.hasNext() || !runs.next(n, count).repeated() || runs.value() != value) {
        return false;
      }
      n += runs.values();
    }
    return true;
  }

  /**
   * Decodes {@code count} values like {@link #decode}, keeping only those other than {@code skip}: the
   * k-th such value and its index go to {@code values[k]} and {@code at[k]}; returns how many. RLE runs
   * of {@code skip} cost one header each. Both arrays must hold {@code count}.
   */
  static int decodeMarks(byte[] in, int from, int end, int bitWidth, int count, int skip, int[] at, int[] values) {
    Runs runs = new Runs(in, from, end, bitWidth);
    int n = 0;
    int marks = 0;
    while (n < count) {
      runs.next(n, count);
      int take = Math.min(runs.values(), count - n);
      if (runs.repeated()) {
        int value = runs.value();
        for (int i = 0; value != skip && i < take; i++) {
          at[marks] = n + i;
          values[marks++] = value;
        }
      } else {
        // unpacked where the marks go, then the kept ones moved down over the skipped
        int first = marks;
        runs.unpack(values, first, take);
        for (int i = 0; i < take; i++) {
          int value = values[first + i];
          if (value != skip) {
            at[marks] = n + i;
            values[marks++] = value;
          }
        }
      }
      n += take;
    }
    return marks;
  }

  /** The bit width of levels up to {@code maxLevel}, as Parquet writes them. */
  static int width(int maxLevel) {
    return 32 - Integer.numberOfLeadingZeros(maxLevel);
  }

  /** The runs of one encoded stretch, header by header. */
  private static final class Runs {
    private final byte[] in;
    private final int end;
    private final int bitWidth;
    private int pos;
    private int header;

    Runs(byte[] in, int from, int end, int bitWidth) {
      this.in = in;
      this.pos = from;
      this.end = end;
      this.bitWidth = bitWidth;
    }

    boolean hasNext() {
      return pos < end;
    }

    /** Reads the next run's header (an unsigned varint); fails, naming how far it got, past the end. */
    Runs next(int decoded, int count) {
      if (pos >= end) {
        throw new IllegalStateException("levels or ids end after " + decoded + " of " + count + " values");
      }
      int h = 0;
      int shift = 0;
      int b;
      do {
        b = in[pos++] & 0xff;
        h |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      header = h;
      return this;
    }

    /** Whether the run is one value repeated (RLE), not bit-packed groups. */
    boolean repeated() {
      return (header & 1) == 0;
    }

    /** How many values the run holds (a bit-packed run's eight a group, padding included). */
    int values() {
      return repeated() ? header >>> 1 : (header >>> 1) * 8;
    }

    /** A repeated run's value: little endian in the fewest whole bytes. */
    int value() {
      int v = 0;
      for (int i = 0; i < (bitWidth + 7) >>> 3; i++) {
        v |= (in[pos++] & 0xff) << (8 * i);
      }
      return v;
    }

    /** A bit-packed run's first {@code take} values into {@code out[at ..]}; moves past the whole run. */
    void unpack(int[] out, int at, int take) {
      int stop = pos + (header >>> 1) * bitWidth;
      int mask = bitWidth == 32 ? -1 : (1 << bitWidth) - 1;
      long bits = 0;
      int held = 0;
      for (int i = 0; i < take; i++) {
        while (held < bitWidth) {
          bits |= (long) (in[pos++] & 0xff) << held;
          held += 8;
        }
        out[at + i] = (int) bits & mask;
        bits >>>= bitWidth;
        held -= bitWidth;
      }
      pos = stop;
    }
  }
}
