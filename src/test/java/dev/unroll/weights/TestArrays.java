package dev.unroll.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A tiny .npy/.npz writer for tests (float32 little-endian, version 1.0), and seeded arrays. */
final class TestArrays {
  private TestArrays() {}

  /** A version 1.0 {@code .npy} with the given header dict text and raw data. */
  static byte[] npy(String dict, byte[] data) {
    String header = dict;
    int total = 10 + header.length() + 1;
    header = header + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return out.array();
  }

  static byte[] npyFloat32(long[] shape, float[] values) {
    ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      data.putFloat(v);
    }
    return npy("{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple(shape) + ", }", data.array());
  }

  static String tuple(long[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (long d : shape) {
      s.append(d).append(", ");
    }
    if (shape.length > 1) {
      s.setLength(s.length() - 2);
    } else if (shape.length == 1) {
      s.setLength(s.length() - 1);
    }
    return s.append(')').toString();
  }

  /** A ZIP whose members hold the given bytes, stored or deflated. */
  static byte[] zip(Map<String, byte[]> members, boolean deflate) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setMethod(deflate ? ZipOutputStream.DEFLATED : ZipOutputStream.STORED);
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        ZipEntry e = new ZipEntry(m.getKey());
        if (!deflate) {
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(m.getValue());
          e.setSize(m.getValue().length);
          e.setCompressedSize(m.getValue().length);
          e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(m.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** An .npz of float32 arrays, keyed by name, written to {@code dir/fileName}. */
  static Path npz(Path dir, String fileName, Map<String, Tensor> tensors) {
    Map<String, byte[]> members = new LinkedHashMap<>();
    tensors.forEach((name, t) -> members.put(name + ".npy", npyFloat32(t.shape(), t.values())));
    return write(dir.resolve(fileName), zip(members, true));
  }

  static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Tensor random(Random random, String name, long... shape) {
    float[] v = new float[(int) Tensor.elementCount(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    return new Tensor(name, "float32", shape, v);
  }

  /** Collects tensors by name, in order. */
  static Map<String, Tensor> byName(Tensor... tensors) {
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      map.put(t.name(), t);
    }
    return map;
  }
}
