package dev.unroll.weights.tensorflow;

import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.HalfFloats;
import dev.unroll.weights.codec.MaskedCrc32c;
import dev.unroll.weights.codec.ProtobufReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a checkpoint tensor's bytes after checking them against the entry: numeric types to
 * float32 (swapping bytes for a big-endian bundle), {@code DT_STRING} tensors to their strings. The
 * crc32c is always computed on the bytes as stored.
 */
final class BundleData {
  private BundleData() {}

  static void checkCrc(String where, BundleEntry e, byte[] bytes) throws WeightsException {
    int actual = MaskedCrc32c.crc(bytes, 0, bytes.length);
    int stored = MaskedCrc32c.unmask(e.maskedCrc());
    if (actual != stored) {
      throw new WeightsException(where + ": tensor '" + e.key() + "': crc32c mismatch (index says "
          + String.format("0x%08x", stored) + ", data has " + String.format("0x%08x", actual) + ")");
    }
  }

  static float[] numeric(BundleEntry e, byte[] bytes, boolean bigEndian) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int size = e.elementSize();
    float[] out = new float[bytes.length / size];
    for (int i = 0, p = 0; i < out.length; i++, p += size) {
      out[i] = switch (e.dtype()) {
        case BundleEntry.DT_FLOAT -> in.getFloat(p);
        case BundleEntry.DT_DOUBLE -> (float) in.getDouble(p);
        case BundleEntry.DT_HALF -> HalfFloats.halfToFloat(in.getShort(p));
        case BundleEntry.DT_BFLOAT16 -> HalfFloats.bfloat16ToFloat(in.getShort(p));
        case BundleEntry.DT_INT32 -> in.getInt(p);
        case BundleEntry.DT_UINT32 -> in.getInt(p) & 0xffffffffL;
        case BundleEntry.DT_INT64 -> in.getLong(p);
        case BundleEntry.DT_UINT64 -> Float.parseFloat(Long.toUnsignedString(in.getLong(p)));
        case BundleEntry.DT_INT16 -> in.getShort(p);
        case BundleEntry.DT_UINT16 -> in.getShort(p) & 0xffff;
        case BundleEntry.DT_INT8 -> in.get(p);
        case BundleEntry.DT_UINT8 -> in.get(p) & 0xff;
        default -> in.get(p) != 0 ? 1f : 0f; // DT_BOOL
      };
    }
    return out;
  }

  /**
   * A {@code DT_STRING} tensor: one varint64 length per element, the masked CRC32C of those lengths
   * (each fed as LE uint32, or uint64 when it does not fit), then the string bytes back to back. The
   * entry's CRC covers the lengths as fed to that CRC, the 4 stored bytes and the strings.
   */
  static List<byte[]> strings(String where, BundleEntry e, byte[] bytes) throws WeightsException {
    long count = Tensor.elementCount(e.shape());
    String what = where + " string tensor '" + e.key() + "'";
    if (count < 0 || count > bytes.length) {
      throw new WeightsException(what + ": " + count + " elements cannot fit in " + bytes.length + " bytes");
    }
    ProtobufReader in = new ProtobufReader(what, bytes);
    long[] lengths = new long[(int) count];
    java.util.zip.CRC32C lengthCrc = new java.util.zip.CRC32C();
    long total = 0;
    for (int i = 0; i < count; i++) {
      lengths[i] = in.readVarint();
      if (lengths[i] < 0 || lengths[i] > bytes.length) {
        throw new WeightsException(what + ": element " + i + " declares " + lengths[i] + " bytes, more than the tensor's " + bytes.length);
      }
      total += lengths[i];
      ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(lengths[i]);
      lengthCrc.update(le.array(), 0, lengths[i] > 0xffffffffL ? 8 : 4);
    }
    int storedLengthCrc = in.readFixed32();
    if (MaskedCrc32c.unmask(storedLengthCrc) != (int) lengthCrc.getValue()) {
      throw new WeightsException(what + ": crc32c of the string lengths does not match");
    }
    int start = in.position();
    if (total != bytes.length - start) {
      throw new WeightsException(what + ": lengths add up to " + total + " bytes but " + (bytes.length - start) + " follow");
    }
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    for (long len : lengths) {
      ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(len);
      crc.update(le.array(), 0, len > 0xffffffffL ? 8 : 4);
    }
    crc.update(bytes, start - 4, bytes.length - start + 4);
    if ((int) crc.getValue() != MaskedCrc32c.unmask(e.maskedCrc())) {
      throw new WeightsException(what + ": crc32c mismatch (index says "
          + String.format("0x%08x", MaskedCrc32c.unmask(e.maskedCrc())) + ", data has "
          + String.format("0x%08x", (int) crc.getValue()) + ")");
    }
    List<byte[]> out = new ArrayList<>();
    int p = start;
    for (long len : lengths) {
      out.add(java.util.Arrays.copyOfRange(bytes, p, p + (int) len));
      p += (int) len;
    }
    return out;
  }
}
