package dev.unroll.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Edits that turn a valid file into a damaged one: truncation, bit flips, inserted, deleted and
 * repeated runs, and the structure-aware ones that reach past a magic number: an integer field of the
 * format (a size, count or offset whose position the caller knows) set to a boundary value, a protobuf
 * varint replaced, a decimal number in a text header (npy shape, safetensors offsets, JSON) replaced.
 * Positions are taken modulo the current length, so every edit applies to every file.
 */
final class Mutations {
  private Mutations() {}

  /** The kinds of edit, each with its weight in {@link #edits}: the structure-aware ones come most often. */
  enum Kind {
    TRUNCATE(2), FLIP_BIT(3), SET_BYTE(2), INSERT(1), DELETE(1), REPEAT(1), SET_INT32(2), SET_INT64(1), FIELD(4),
    VARINT(3), NUMBER(3);

    private static final int TOTAL_WEIGHT = Arrays.stream(values()).mapToInt(k -> k.weight).sum();
    private final int weight;

    Kind(int weight) {
      this.weight = weight;
    }

    static Kind draw(SplittableRandom random) {
      int w = random.nextInt(TOTAL_WEIGHT);
      for (Kind k : values()) {
        w -= k.weight;
        if (w < 0) {
          return k;
        }
      }
      throw new AssertionError("weights sum to " + TOTAL_WEIGHT);
    }
  }

  /** One edit; {@code at} picks the position (or field), {@code value} the bits or the boundary value. */
  record Edit(Kind kind, int at, int value) {}

  /** A little-endian integer field of the format at {@code offset}, {@code width} bytes wide. */
  record Field(int offset, int width) {}

  /** Boundary values: zero, small, around each power-of-two width, the array limit, the extremes. */
  private static final long[] BOUNDARIES = {0, 1, 2, 3, 4, 7, 8, 16, 64, 127, 128, 255, 256, 0x7fff, 0x8000, 0xffff,
      0x10000, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L, Integer.MAX_VALUE - 8, 1L << 40, 1L << 62,
      Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, -8};

  /** One to three edits drawn from {@code random}: a kind by weight, any position, any value. */
  static List<Edit> edits(SplittableRandom random) {
    int count = random.nextInt(1, 4);
    List<Edit> edits = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      edits.add(new Edit(Kind.draw(random), random.nextInt(Integer.MAX_VALUE), random.nextInt()));
    }
    return edits;
  }

  /** {@code seed} with {@code edits} applied in order; {@code fields} are the format's integer fields. */
  static byte[] apply(byte[] seed, List<Edit> edits, List<Field> fields) {
    byte[] b = seed.clone();
    for (Edit e : edits) {
      b = apply(b, e, fields);
    }
    return b;
  }

  private static byte[] apply(byte[] b, Edit e, List<Field> fields) {
    int n = b.length;
    if (n == 0) {
      return e.kind() == Kind.INSERT ? new byte[] {(byte) e.value()} : b;
    }
    int p = e.at() % n;
    switch (e.kind()) {
      case TRUNCATE -> {
        return Arrays.copyOf(b, p);
      }
      case FLIP_BIT -> b[p] ^= (byte) (1 << (e.value() & 7));
      case SET_BYTE -> b[p] = (byte) e.value();
      case INSERT -> {
        return splice(b, p, 0, repeat((byte) e.value(), 1 + (e.value() >>> 24 & 15)));
      }
      case DELETE -> {
        return splice(b, p, Math.min(n - p, 1 + (e.value() & 63)), new byte[0]);
      }
      case REPEAT -> {
        int length = Math.min(n - p, 1 + (e.value() & 255));
        return splice(b, p, 0, Arrays.copyOfRange(b, p, p + length));
      }
      case SET_INT32 -> putLittleEndian(b, p, 4, boundary(e.value(), n));
      case SET_INT64 -> putLittleEndian(b, p, 8, boundary(e.value(), n));
      case FIELD -> {
        if (fields.isEmpty()) {
          putLittleEndian(b, p, 4, boundary(e.value(), n));
        } else {
          Field f = fields.get(e.at() % fields.size());
          putLittleEndian(b, f.offset(), f.width(), boundary(e.value(), n));
        }
      }
      case VARINT -> {
        int end = p;
        while (end < n && end - p < 10 && (b[end] & 0x80) != 0) {
          end++;
        }
        return splice(b, p, Math.min(n, end + 1) - p, varint(boundary(e.value(), n)));
      }
      case NUMBER -> {
        return replaceNumber(b, e.at(), boundary(e.value(), n));
      }
    }
    return b;
  }

  /** A boundary value, or one relative to the file's length, chosen by {@code v}. */
  private static long boundary(int v, int length) {
    int i = Math.floorMod(v, BOUNDARIES.length + 4);
    return switch (i - BOUNDARIES.length) {
      case 0 -> length;
      case 1 -> length - 1;
      case 2 -> length + 1;
      case 3 -> v >>> 4; // an arbitrary value
      default -> BOUNDARIES[i];
    };
  }

  private static void putLittleEndian(byte[] b, int p, int width, long v) {
    for (int i = 0; i < width && p + i < b.length; i++) {
      b[p + i] = (byte) (v >>> (8 * i));
    }
  }

  static byte[] varint(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  /** Replaces the {@code k}-th run of ASCII digits (mod their count) with {@code v} in decimal. */
  private static byte[] replaceNumber(byte[] b, int k, long v) {
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < b.length; ) {
      if (b[i] >= '0' && b[i] <= '9') {
        int start = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
          i++;
        }
        runs.add(new int[] {start, i});
      } else {
        i++;
      }
    }
    if (runs.isEmpty()) {
      return b;
    }
    int[] run = runs.get(k % runs.size());
    return splice(b, run[0], run[1] - run[0], Long.toString(v).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }

  private static byte[] repeat(byte v, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, v);
    return out;
  }

  /** The integer fields of a ZIP archive: end record, central directory and local headers. */
  static List<Field> zipFields(byte[] zip) {
    List<Field> fields = new ArrayList<>();
    ByteBuffer le = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 0; p + 4 <= zip.length; p++) {
      int signature = le.getInt(p);
      if (signature == 0x06054b50 && p + 22 <= zip.length) { // end of central directory
        add(fields, p, 8, 2, 10, 2, 12, 4, 16, 4, 20, 2);
      } else if (signature == 0x02014b50 && p + 46 <= zip.length) { // central directory entry
        add(fields, p, 10, 2, 16, 4, 20, 4, 24, 4, 28, 2, 30, 2, 32, 2, 42, 4);
      } else if (signature == 0x04034b50 && p + 30 <= zip.length) { // local header
        add(fields, p, 8, 2, 14, 4, 18, 4, 22, 4, 26, 2, 28, 2);
      } else if (signature == 0x06064b50 && p + 56 <= zip.length) { // Zip64 end record
        add(fields, p, 24, 8, 32, 8, 40, 8, 48, 8);
      } else if (signature == 0x07064b50 && p + 20 <= zip.length) { // Zip64 locator
        add(fields, p, 8, 8);
      }
    }
    return fields;
  }

  private static void add(List<Field> fields, int base, int... offsetThenWidth) {
    for (int i = 0; i < offsetThenWidth.length; i += 2) {
      fields.add(new Field(base + offsetThenWidth[i], offsetThenWidth[i + 1]));
    }
  }
}
