package dev.unroll.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code .npz} files as {@code numpy.savez} does (one {@code .npy} version 1.0 member per array,
 * little-endian), for tests in any package: float32, float64, int32 and int64 arrays.
 */
public final class NpzFiles {
  private NpzFiles() {}

  /** One array: its NumPy dtype descr, shape and raw little-endian bytes. */
  public record Array(String descr, long[] shape, byte[] data) {}

  public static Array f32(float[] values, long... shape) {
    ByteBuffer b = buffer(4 * values.length);
    for (float v : values) {
      b.putFloat(v);
    }
    return new Array("<f4", shape, b.array());
  }

  public static Array f64(double[] values, long... shape) {
    ByteBuffer b = buffer(8 * values.length);
    for (double v : values) {
      b.putDouble(v);
    }
    return new Array("<f8", shape, b.array());
  }

  public static Array i32(int[] values, long... shape) {
    ByteBuffer b = buffer(4 * values.length);
    for (int v : values) {
      b.putInt(v);
    }
    return new Array("<i4", shape, b.array());
  }

  public static Array i64(long[] values, long... shape) {
    ByteBuffer b = buffer(8 * values.length);
    for (long v : values) {
      b.putLong(v);
    }
    return new Array("<i8", shape, b.array());
  }

  /** Writes {@code arrays} (in map order) to {@code file} and returns it. */
  public static Path write(Path file, Map<String, Array> arrays) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, Array> a : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(a.getKey() + ".npy"));
        zip.write(npy(a.getValue()));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return Files.write(file, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One array as a version 1.0 {@code .npy} file's bytes. */
  public static byte[] npy(Array a) {
    StringBuilder shape = new StringBuilder("(");
    for (long d : a.shape()) {
      shape.append(d).append(a.shape().length == 1 ? "," : ", ");
    }
    if (a.shape().length > 1) {
      shape.setLength(shape.length() - 2);
    }
    return npy("{'descr': '" + a.descr() + "', 'fortran_order': False, 'shape': " + shape + "), }", a.data());
  }

  /** A version 1.0 {@code .npy} with the given header dict text (any, even a wrong one) and raw data. */
  public static byte[] npy(String dict, byte[] data) {
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer out = buffer(10 + header.length() + data.length);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    return out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data).array();
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
