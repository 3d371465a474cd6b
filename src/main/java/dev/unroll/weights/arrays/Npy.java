package dev.unroll.weights.arrays;

import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * NumPy's {@code .npy} format, versions 1.0, 2.0 and 3.0: magic {@code \x93NUMPY}, version, header
 * length (u16 LE in 1.0, u32 LE after), a Python dict literal with {@code descr}, {@code fortran_order}
 * and {@code shape}, then the raw elements. Floats ({@code f2 f4 f8}), integers and booleans of either
 * byte order are read as float32; object and structured dtypes are refused.
 */
public final class Npy {
  public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** The most of a streamed file read to find its header: NumPy writes headers of under 10 KB. */
  static final int MAX_STREAMED_HEADER = 1 << 20;
  /** Bytes per read when streaming a large file. */
  public static final int STREAM_CHUNK = 16 << 20;

  private Npy() {}

  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * Reads the array held in {@code bytes}.
   *
   * @param where the file (and member) for messages
   * @param name the tensor's name
   */
  public static Tensor read(String where, String name, byte[] bytes) throws WeightsException {
    Layout layout = layout(where, bytes, bytes.length);
    Header h = layout.header();
    float[] values = new float[layout.count()];
    decode(ByteBuffer.wrap(bytes).order(h.order), layout.dataStart(), values, 0, values.length, h.kind, h.itemSize);
    return tensor(name, h, values);
  }

  /**
   * Reads a {@code .npy} file in chunks of about {@code chunkBytes} straight into the float array, for
   * files too large to hold as one {@code byte[]} (an embedding table of more than 2 GiB). The whole
   * file is hashed on the way, as the in-memory path hashes it.
   */
  public static TensorFile readStreaming(WeightSource source, String name, int chunkBytes) throws IOException {
    String where = source.describe();
    long size = source.size();
    byte[] head = SourceBytes.readRange(source, 0, Math.min(size, MAX_STREAMED_HEADER), size);
    Layout layout = layout(where, head, size);
    Header h = layout.header();
    MessageDigest sha = SourceBytes.sha256Digest();
    sha.update(head, 0, layout.dataStart());
    float[] values = new float[layout.count()];
    int perChunk = Math.max(1, chunkBytes / h.itemSize);
    ByteBuffer buffer = ByteBuffer.allocate(perChunk * h.itemSize).order(h.order);
    try (SeekableByteChannel channel = source.open()) {
      channel.position(layout.dataStart());
      long position = layout.dataStart();
      for (int done = 0; position < size; ) {
        int n = Math.min(perChunk, values.length - done);
        buffer.clear().limit(n > 0 ? n * h.itemSize : (int) Math.min(buffer.capacity(), size - position));
        while (buffer.hasRemaining()) {
          if (channel.read(buffer) < 0) {
            throw new WeightsException(where + ": file ended after " + (position + buffer.position())
                + " bytes; it had " + size + " when reading began");
          }
        }
        sha.update(buffer.array(), 0, buffer.limit());
        position += buffer.limit();
        decode(buffer, 0, values, done, n, h.kind, h.itemSize); // n = 0 past the data: only hashed
        done += n;
      }
    }
    Tensor tensor = tensor(name, h, values);
    return new TensorFile(where, "npy", HexFormat.of().formatHex(sha.digest()),
        new NamedTensors(where, List.of(tensor)));
  }

  /** Where a {@code .npy}'s data starts and what it holds. */
  private record Layout(Header header, int dataStart, int count) {}

  /**
   * The header of a {@code .npy} of {@code length} bytes that {@code head} begins (all of it, or at
   * least its header), checked against the length before anything is allocated.
   */
  private static Layout layout(String where, byte[] head, long length) throws WeightsException {
    if (!hasMagic(head)) {
      throw new WeightsException(where + ": not a .npy array (the magic \\x93NUMPY is missing)");
    }
    if (head.length < 10) {
      throw new WeightsException(where + ": truncated .npy header (" + head.length + " bytes)");
    }
    int major = head[6] & 0xff;
    ByteBuffer in = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = in.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (head.length < 12) {
        throw new WeightsException(where + ": truncated .npy header (" + head.length + " bytes)");
      }
      headerLength = in.getInt(8) & 0xffffffffL;
      headerStart = 12;
    } else {
      throw new WeightsException(
          where + ": .npy version " + major + "." + (head[7] & 0xff) + " is not supported (1.0, 2.0, 3.0 are)");
    }
    if (headerLength > head.length - headerStart) {
      throw new WeightsException(
          where + ": .npy header declares " + headerLength + " bytes but only "
              + (head.length - headerStart) + " follow");
    }
    String header = new String(head, headerStart, (int) headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Header h = Header.parse(where, header);
    int dataStart = headerStart + (int) headerLength;
    long count = Tensor.elementCount(h.shape);
    long available = length - dataStart;
    if (count < 0 || count > available / h.itemSize) {
      throw new WeightsException(
          where + ": shape " + Tensor.shapeString(h.shape) + " of " + h.descr + " needs "
              + (count < 0 ? "?" : String.valueOf(count * h.itemSize)) + " bytes but the file holds "
              + available + " after the header");
    }
    if (count > SourceBytes.MAX_WHOLE_FILE) {
      throw new WeightsException(where + ": shape " + Tensor.shapeString(h.shape) + " has " + count
          + " elements, more than one float array holds (" + SourceBytes.MAX_WHOLE_FILE + ")");
    }
    return new Layout(h, dataStart, (int) count);
  }

  private static Tensor tensor(String name, Header h, float[] values) {
    if (h.fortranOrder && h.shape.length > 1) {
      values = fortranToC(values, h.shape);
    }
    return new Tensor(name, h.dtypeName(), h.shape, values);
  }

  /** {@code count} elements from {@code in} at byte {@code start} into {@code out} from {@code offset}. */
  private static void decode(ByteBuffer in, int start, float[] out, int offset, int count, char kind, int size) {
    for (int i = 0, p = start; i < count; i++, p += size) {
      out[offset + i] = switch (kind) {
        case 'f' -> size == 2 ? HalfFloats.halfToFloat(in.getShort(p)) : size == 4 ? in.getFloat(p) : (float) in.getDouble(p);
        case 'i' -> size == 1 ? in.get(p) : size == 2 ? in.getShort(p) : size == 4 ? in.getInt(p) : (float) in.getLong(p);
        case 'u' -> size == 1 ? in.get(p) & 0xff : size == 2 ? in.getShort(p) & 0xffff
            : size == 4 ? (float) (in.getInt(p) & 0xffffffffL) : unsignedLong(in.getLong(p));
        default -> in.get(p) != 0 ? 1f : 0f; // 'b'
      };
    }
  }

  private static float unsignedLong(long v) {
    return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
  }

  /** Column-major data of {@code shape} in row-major order. */
  private static float[] fortranToC(float[] data, long[] shape) {
    int rank = shape.length;
    long[] fortranStride = new long[rank];
    long stride = 1;
    for (int a = 0; a < rank; a++) {
      fortranStride[a] = stride;
      stride *= shape[a];
    }
    float[] out = new float[data.length];
    long[] index = new long[rank];
    for (int c = 0; c < out.length; c++) {
      long f = 0;
      for (int a = 0; a < rank; a++) {
        f += index[a] * fortranStride[a];
      }
      out[c] = data[(int) f];
      for (int a = rank - 1; a >= 0 && ++index[a] == shape[a]; a--) {
        index[a] = 0;
      }
    }
    return out;
  }

  /** The parsed header dict. */
  private record Header(String descr, ByteOrder order, char kind, int itemSize, boolean fortranOrder, long[] shape) {

    String dtypeName() {
      return switch (kind) {
        case 'f' -> "float" + itemSize * 8;
        case 'i' -> "int" + itemSize * 8;
        case 'u' -> "uint" + itemSize * 8;
        default -> "bool";
      };
    }

    static Header parse(String where, String text) throws WeightsException {
      String descr = null;
      Boolean fortran = null;
      long[] shape = null;
      DictScanner s = new DictScanner(where, text);
      s.expect('{');
      while (!s.tryConsume('}')) {
        String key = s.string();
        s.expect(':');
        switch (key) {
          case "descr" -> {
            if (s.peek() != '\'' && s.peek() != '"') {
              throw new WeightsException(
                  where + ": structured arrays are not supported (descr " + s.rest() + ")");
            }
            descr = s.string();
          }
          case "fortran_order" -> fortran = s.bool();
          case "shape" -> shape = s.tuple();
          default -> throw new WeightsException(where + ": unexpected key '" + key + "' in the .npy header " + text.strip());
        }
        s.tryConsume(',');
      }
      if (descr == null || fortran == null || shape == null) {
        throw new WeightsException(
            where + ": the .npy header needs descr, fortran_order and shape, found " + text.strip());
      }
      return of(where, descr, fortran, shape);
    }

    private static Header of(String where, String descr, boolean fortran, long[] shape)
        throws WeightsException {
      if (descr.length() >= 3) {
        char orderChar = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
          size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
          size = -1;
        }
        boolean knownSize = switch (kind) {
          case 'f' -> size == 2 || size == 4 || size == 8;
          case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
          case 'b' -> size == 1;
          default -> false;
        };
        boolean knownOrder = orderChar == '<' || orderChar == '>' || orderChar == '|';
        if (knownSize && knownOrder) {
          ByteOrder order = orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
          return new Header(descr, order, kind, size, fortran, shape);
        }
      }
      throw new WeightsException(
          where + ": dtype '" + descr + "' is not supported; expected a float (<f2 <f4 <f8, or"
              + " big-endian >f4 ...), an integer or a bool (object and structured dtypes are refused)");
    }
  }

  /** A lenient scanner for the Python dict literal of a {@code .npy} header. */
  private static final class DictScanner {
    private final String where;
    private final String text;
    private int pos;

    DictScanner(String where, String text) {
      this.where = where;
      this.text = text;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    char peek() throws WeightsException {
      skipSpace();
      if (pos >= text.length()) {
        throw error("the header ends early");
      }
      return text.charAt(pos);
    }

    String rest() {
      return text.substring(pos).strip();
    }

    boolean tryConsume(char c) throws WeightsException {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    void expect(char c) throws WeightsException {
      if (!tryConsume(c)) {
        throw error("expected '" + c + "'");
      }
    }

    String string() throws WeightsException {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw error("expected a quoted string");
      }
      int end = text.indexOf(quote, pos + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String s = text.substring(pos + 1, end);
      pos = end + 1;
      return s;
    }

    boolean bool() throws WeightsException {
      peek();
      if (text.startsWith("True", pos)) {
        pos += 4;
        return true;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return false;
      }
      throw error("expected True or False");
    }

    long[] tuple() throws WeightsException {
      expect('(');
      List<Long> dims = new ArrayList<>();
      while (!tryConsume(')')) {
        peek();
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw error("expected a dimension");
        }
        try {
          dims.add(Long.parseLong(text.substring(start, pos)));
        } catch (NumberFormatException e) {
          throw error("dimension too large");
        }
        tryConsume(',');
      }
      return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private WeightsException error(String what) {
      return new WeightsException(
          where + ": cannot parse the .npy header at character " + pos + " (" + what + "): " + text.strip());
    }
  }
}
