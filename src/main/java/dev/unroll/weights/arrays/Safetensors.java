package dev.unroll.weights.arrays;

import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.HalfFloats;
import dev.unroll.weights.codec.JsonReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * safetensors: a u64 LE header length N (at most 100 MB, as the reference reader requires), N bytes of
 * JSON ({@code name -> {dtype, shape, data_offsets}}, plus an optional {@code __metadata__} string map),
 * then the data buffer. Offsets are relative to the buffer, must be contiguous, non-overlapping and
 * cover it exactly. F32, F64, F16 and BF16 (and the integer types) are read as float32, little-endian.
 */
public final class Safetensors {
  static final long MAX_HEADER = 100_000_000L;
  public static final String METADATA = "__metadata__";

  /** The tensors and the free-text metadata. */
  public record Contents(NamedTensors tensors, Map<String, String> metadata) {}

  private record Entry(String name, String dtype, int size, long[] shape, long begin, long end) {}

  private Safetensors() {}

  public static Contents read(String where, byte[] bytes) throws WeightsException {
    if (bytes.length < 8) {
      throw new WeightsException(where + ": truncated safetensors file: " + bytes.length + " bytes, no header length");
    }
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    if (n < 2 || n > MAX_HEADER || n > bytes.length - 8) {
      throw new WeightsException(where + ": safetensors header length " + Long.toUnsignedString(n)
          + " is impossible: the file has " + bytes.length + " bytes and the limit is " + MAX_HEADER);
    }
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    Object json = JsonReader.parse(where, header.stripTrailing());
    if (!(json instanceof Map<?, ?> top)) {
      throw new WeightsException(where + ": the safetensors header is not a JSON object");
    }
    int dataStart = 8 + (int) n;
    long bufferLength = bytes.length - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals(METADATA)) {
        if (!(e.getValue() instanceof Map<?, ?> meta)) {
          throw new WeightsException(where + ": __metadata__ is not an object");
        }
        for (Map.Entry<?, ?> m : meta.entrySet()) {
          if (!(m.getValue() instanceof String value)) {
            throw new WeightsException(where + ": __metadata__ value of '" + m.getKey() + "' is not a string");
          }
          metadata.put((String) m.getKey(), value);
        }
        continue;
      }
      entries.add(entry(where, name, e.getValue(), bufferLength));
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : entries) {
      if (e.begin() != expected) {
        throw new WeightsException(where + ": tensor '" + e.name() + "' starts at buffer byte " + e.begin()
            + " but the previous tensor ends at " + expected + " (offsets must be contiguous and not overlap)");
      }
      expected = e.end();
    }
    if (expected != bufferLength) {
      throw new WeightsException(where + ": the tensors cover " + expected + " bytes of a data buffer of " + bufferLength);
    }
    List<Tensor> tensors = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry e : entries) {
      tensors.add(new Tensor(e.name(), dtypeName(e.dtype()), e.shape(), decode(in, dataStart + (int) e.begin(), e)));
    }
    return new Contents(new NamedTensors(where, tensors), metadata);
  }

  private static Entry entry(String where, String name, Object value, long bufferLength) throws WeightsException {
    String what = where + ": tensor '" + name + "'";
    if (!(value instanceof Map<?, ?> info)) {
      throw new WeightsException(what + ": header value is not an object");
    }
    if (!(info.get("dtype") instanceof String dtype)) {
      throw new WeightsException(what + ": no dtype string");
    }
    int size = elementSize(dtype);
    if (size < 0) {
      throw new WeightsException(what + ": dtype " + dtype
          + " is not supported (F32, F64, F16, BF16 and integer types are)");
    }
    long[] shape = longs(what, "shape", info.get("shape"), -1);
    long[] offsets = longs(what, "data_offsets", info.get("data_offsets"), 2);
    long count = Tensor.elementCount(shape);
    if (offsets[0] > offsets[1] || offsets[1] > bufferLength) {
      throw new WeightsException(what + ": data_offsets [" + offsets[0] + ", " + offsets[1]
          + "] lie outside the data buffer of " + bufferLength + " bytes");
    }
    if (count < 0 || count > Integer.MAX_VALUE - 8 || offsets[1] - offsets[0] != count * size) {
      throw new WeightsException(what + ": " + dtype + " " + Tensor.shapeString(shape) + " needs "
          + (count < 0 ? "?" : count * size) + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
    }
    return new Entry(name, dtype, size, shape, offsets[0], offsets[1]);
  }

  private static long[] longs(String what, String key, Object value, int expectedLength) throws WeightsException {
    if (!(value instanceof List<?> list) || (expectedLength >= 0 && list.size() != expectedLength)) {
      throw new WeightsException(what + ": " + key + " should be an array"
          + (expectedLength >= 0 ? " of " + expectedLength : "") + " of non-negative integers, found " + value);
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long v) || v < 0) {
        throw new WeightsException(what + ": " + key + " should hold non-negative integers, found " + list);
      }
      out[i] = v;
    }
    return out;
  }

  private static int elementSize(String dtype) {
    return switch (dtype) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "I8", "U8", "BOOL" -> 1;
      default -> -1;
    };
  }

  private static String dtypeName(String dtype) {
    return switch (dtype) {
      case "F64" -> "float64";
      case "F32" -> "float32";
      case "F16" -> "float16";
      case "BF16" -> "bfloat16";
      case "BOOL" -> "bool";
      default -> (dtype.charAt(0) == 'U' ? "uint" : "int") + dtype.substring(1);
    };
  }

  private static float[] decode(ByteBuffer in, int start, Entry e) {
    float[] out = new float[(int) ((e.end() - e.begin()) / e.size())];
    for (int i = 0, p = start; i < out.length; i++, p += e.size()) {
      out[i] = switch (e.dtype()) {
        case "F32" -> in.getFloat(p);
        case "F64" -> (float) in.getDouble(p);
        case "F16" -> HalfFloats.halfToFloat(in.getShort(p));
        case "BF16" -> HalfFloats.bfloat16ToFloat(in.getShort(p));
        case "I64" -> in.getLong(p);
        case "U64" -> Float.parseFloat(Long.toUnsignedString(in.getLong(p)));
        case "I32" -> in.getInt(p);
        case "U32" -> in.getInt(p) & 0xffffffffL;
        case "I16" -> in.getShort(p);
        case "U16" -> in.getShort(p) & 0xffff;
        case "I8" -> in.get(p);
        case "U8" -> in.get(p) & 0xff;
        default -> in.get(p) != 0 ? 1f : 0f; // BOOL
      };
    }
    return out;
  }
}
