package dev.unroll.weights.codec;

import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A ZIP archive held in memory, read through its central directory (as {@code java.util.zip.ZipFile}
 * does, but over bytes from any {@link WeightSource}): stored and deflated members, Zip64 sizes and
 * offsets, members written with data descriptors. Every size and offset is checked against the
 * archive before anything is allocated, and every member's CRC-32 is verified.
 */
public final class ZipArchive {
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int LOCAL = 0x04034b50;
  private static final long FFFF = 0xffffL;
  private static final long FFFFFFFF = 0xffffffffL;
  /** Deflate cannot expand data more than about 1032 times; a larger claim is not a real member. */
  private static final long MAX_DEFLATE_RATIO = 1032;
  /** The first output buffer of an inflate (or 4x the compressed size), grown by doubling. */
  private static final int INITIAL_INFLATE = 1 << 16;

  /** One member, located but not yet read. */
  public record Member(String name, int method, int flags, long crc, long compressedSize, long size, long localOffset) {}

  private final String where;
  private final byte[] bytes;
  private final ByteBuffer le;

  public ZipArchive(String where, byte[] bytes) {
    this.where = where;
    this.bytes = bytes;
    this.le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The members listed in the central directory, in its order. */
  public List<Member> members() throws WeightsException {
    int eocd = findEndOfCentralDirectory();
    long count = le.getShort(eocd + 10) & FFFF;
    long cdSize = le.getInt(eocd + 12) & FFFFFFFF;
    long cdOffset = le.getInt(eocd + 16) & FFFFFFFF;
    if (count == FFFF || cdSize == FFFFFFFF || cdOffset == FFFFFFFF) {
      int locator = eocd - 20;
      if (locator < 0 || le.getInt(locator) != ZIP64_LOCATOR) {
        throw bad("a Zip64 archive without its Zip64 end-of-directory locator");
      }
      long record = le.getLong(locator + 8);
      if (record < 0 || record > bytes.length - 56 || le.getInt((int) record) != ZIP64_EOCD) {
        throw bad("the Zip64 end-of-directory record is missing or outside the file");
      }
      count = le.getLong((int) record + 32);
      cdSize = le.getLong((int) record + 40);
      cdOffset = le.getLong((int) record + 48);
    }
    if (cdOffset < 0 || cdSize < 0 || cdOffset > bytes.length || cdSize > bytes.length - cdOffset
        || count < 0 || count > cdSize / 46) {
      throw bad("the central directory (" + count + " entries, " + cdSize + " bytes at " + cdOffset
          + ") does not fit in the file's " + bytes.length + " bytes");
    }
    List<Member> members = new ArrayList<>();
    int p = (int) cdOffset;
    int end = (int) (cdOffset + cdSize);
    for (long i = 0; i < count; i++) {
      if (p > end - 46 || le.getInt(p) != CENTRAL) {
        throw bad("central directory entry " + i + " is damaged");
      }
      int nameLength = le.getShort(p + 28) & 0xffff;
      int extraLength = le.getShort(p + 30) & 0xffff;
      int commentLength = le.getShort(p + 32) & 0xffff;
      if (nameLength + extraLength + commentLength > end - p - 46) {
        throw bad("central directory entry " + i + " runs past the directory");
      }
      String name = new String(bytes, p + 46, nameLength, StandardCharsets.UTF_8);
      long[] sizes = {le.getInt(p + 24) & FFFFFFFF, le.getInt(p + 20) & FFFFFFFF, le.getInt(p + 42) & FFFFFFFF};
      readZip64Extra(name, p + 46 + nameLength, extraLength, sizes);
      members.add(new Member(name, le.getShort(p + 10) & 0xffff, le.getShort(p + 8) & 0xffff,
          le.getInt(p + 16) & FFFFFFFF, sizes[1], sizes[0], sizes[2]));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return members;
  }

  /**
   * Every file member's bytes by name, in directory order (folder entries skipped); a name that could
   * escape the archive's folder ({@link WeightSource#checkRelativePath}) or appears twice is refused.
   */
  public Map<String, byte[]> files() throws WeightsException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Member m : members()) {
      if (m.name().endsWith("/")) {
        continue;
      }
      try {
        WeightSource.checkRelativePath(m.name(), false);
      } catch (IllegalArgumentException e) {
        throw bad("member '" + m.name() + "' escapes the archive's folder");
      }
      if (out.put(m.name(), read(m)) != null) {
        throw bad("member '" + m.name() + "' appears twice");
      }
    }
    return out;
  }

  /** The member's bytes, inflated if needed, CRC-checked. */
  public byte[] read(Member m) throws WeightsException {
    String what = "member '" + m.name() + "'";
    if ((m.flags() & 1) != 0) {
      throw bad(what + " is encrypted");
    }
    if (m.method() != 0 && m.method() != 8) {
      throw bad(what + " uses compression method " + m.method() + " (only stored 0 and deflated 8 are read)");
    }
    long local = m.localOffset();
    if (local < 0 || local > bytes.length - 30 || le.getInt((int) local) != LOCAL) {
      throw bad(what + ": no local header at offset " + local);
    }
    long dataStart = local + 30 + (le.getShort((int) local + 26) & 0xffff) + (le.getShort((int) local + 28) & 0xffff);
    if (m.compressedSize() < 0 || dataStart > bytes.length || m.compressedSize() > bytes.length - dataStart) {
      throw bad(what + " declares " + m.compressedSize() + " bytes at offset " + dataStart
          + " but the archive has " + bytes.length);
    }
    long limit = m.method() == 0 ? m.compressedSize() : m.compressedSize() * MAX_DEFLATE_RATIO + 64;
    if (m.size() < 0 || m.size() > limit || m.size() > SourceBytes.MAX_WHOLE_FILE) {
      throw bad(what + " declares " + m.size() + " bytes uncompressed from " + m.compressedSize() + " stored");
    }
    byte[] out = m.method() == 0
        ? Arrays.copyOfRange(bytes, (int) dataStart, (int) (dataStart + m.size()))
        : inflate(what, (int) dataStart, (int) m.compressedSize(), (int) m.size());
    CRC32 crc = new CRC32();
    crc.update(out);
    if (crc.getValue() != m.crc()) {
      throw bad(what + ": CRC-32 mismatch (directory says " + String.format("0x%08x", m.crc()) + ", data has "
          + String.format("0x%08x", crc.getValue()) + ")");
    }
    return out;
  }

  /**
   * A deflated member's bytes. The output grows as data actually inflates, up to the declared size, so
   * a damaged size field allocates nothing by itself (the ratio check alone would let a 1 MB archive
   * claim a 1 GB member).
   */
  private byte[] inflate(String what, int start, int length, int declared) throws WeightsException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(bytes, start, length);
      byte[] out = new byte[(int) Math.min(declared, Math.max(INITIAL_INFLATE, 4L * length))];
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          if (n == declared) {
            if (inflater.inflate(new byte[1]) > 0) {
              throw bad(what + " inflates to more than the " + declared + " bytes declared");
            }
            break;
          }
          out = Arrays.copyOf(out, (int) Math.min(declared, 2L * n));
        }
        int k = inflater.inflate(out, n, out.length - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (n != declared || !inflater.finished()) {
        throw bad(what + " inflates to " + (inflater.finished() ? n + " bytes" : "a cut-short stream after " + n
            + " bytes") + ", not the " + declared + " declared");
      }
      return out;
    } catch (DataFormatException e) {
      throw bad(what + " is not valid deflate data: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private int findEndOfCentralDirectory() throws WeightsException {
    int lowest = Math.max(0, bytes.length - 22 - 65535);
    for (int p = bytes.length - 22; p >= lowest; p--) {
      if (le.getInt(p) == EOCD && p + 22 + (le.getShort(p + 20) & 0xffff) == bytes.length) {
        return p;
      }
    }
    throw bad("no end-of-central-directory record (a truncated or damaged archive)");
  }

  /** Replaces the 0xffffffff fields of {usize, csize, offset} with the Zip64 extra field's values. */
  private void readZip64Extra(String name, int start, int length, long[] sizes) throws WeightsException {
    int p = start;
    int end = start + length;
    while (p + 4 <= end) {
      int id = le.getShort(p) & 0xffff;
      int size = le.getShort(p + 2) & 0xffff;
      if (size > end - p - 4) {
        throw bad("member '" + name + "': an extra field runs past its entry");
      }
      if (id == 0x0001) {
        int q = p + 4;
        for (int i = 0; i < 3; i++) {
          if (sizes[i] == FFFFFFFF) {
            if (q + 8 > p + 4 + size) {
              throw bad("member '" + name + "': the Zip64 extra field is too short");
            }
            sizes[i] = le.getLong(q);
            q += 8;
          }
        }
      }
      p += 4 + size;
    }
  }

  private WeightsException bad(String what) {
    return new WeightsException(where + ": " + what);
  }
}
