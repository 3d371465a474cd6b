package dev.unroll.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes float32 arrays the way {@code numpy.savez} does (npy 1.0 entries in an uncompressed zip), with
 * fixed entry times so the same arrays always give the same bytes. For the demo and benchmark models.
 */
final class NpzWriter {
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final Map<String, int[]> shapes = new LinkedHashMap<>();

  NpzWriter add(String name, float[] data, int... shape) {
    if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != data.length) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " but " + data.length + " values");
    }
    values.put(name, data);
    shapes.put(name, shape.clone());
    return this;
  }

  byte[] toBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, float[]> e : values.entrySet()) {
        entry(zip, e.getKey() + ".npy", npy(e.getValue(), shapes.get(e.getKey())));
      }
    }
    return out.toByteArray();
  }

  /** npy 1.0: the header ({@link #npyHeader}), then the data. */
  private static byte[] npy(float[] data, int[] shape) {
    byte[] header = npyHeader(shape);
    ByteBuffer b = ByteBuffer.allocate(header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(header);
    for (float v : data) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** A float32 npy 1.0 header: magic, version, header length, a dict padded to 64 bytes ending in a newline. */
  static byte[] npyHeader(int... shape) {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? ",)" : ")")
        + ", }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTime(0L);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }
}
