package dev.unroll.weights;

import dev.unroll.testing.NpzFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Float32 .npy/.npz files for the loader tests (written by {@link NpzFiles}), raw ZIPs, and seeded arrays. */
public final class TestArrays {
  private TestArrays() {}

  public static byte[] npyFloat32(long[] shape, float[] values) {
    return NpzFiles.npy(NpzFiles.f32(values, shape));
  }

  /** A ZIP whose members hold the given bytes, stored or deflated. */
  public static byte[] zip(Map<String, byte[]> members, boolean deflate) {
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
  public static Path npz(Path dir, String fileName, Map<String, Tensor> tensors) {
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    tensors.forEach((name, t) -> arrays.put(name, NpzFiles.f32(t.values(), t.shape())));
    return NpzFiles.write(dir.resolve(fileName), arrays);
  }

  public static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Tensor random(Random random, String name, long... shape) {
    float[] v = new float[(int) Tensor.elementCount(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    return new Tensor(name, "float32", shape, v);
  }

  /** Collects tensors by name, in order. */
  public static Map<String, Tensor> byName(Tensor... tensors) {
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      map.put(t.name(), t);
    }
    return map;
  }
}
