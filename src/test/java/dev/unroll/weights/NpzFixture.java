package dev.unroll.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the expected values of a fixture {@code .npz} (float32 and int32, little-endian, C order) for
 * tests, independently of the loaders' own npz reader, which the fixtures' weights go through.
 */
public final class NpzFixture {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|][fi]4)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** One array: its shape and values as floats (ints converted). */
  public record Array(int[] shape, float[] values) {
    public int[] ints() {
      int[] out = new int[values.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (int) values[i];
      }
      return out;
    }
  }

  public static Map<String, Array> read(Path path) throws IOException {
    Map<String, Array> out = new HashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        byte[] b = zip.getInputStream(e).readAllBytes();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = buf.getShort(8) & 0xffff;
        String header = new String(b, 10, headerLength, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || header.contains("'fortran_order': True")) {
          throw new IOException(path + " " + e.getName() + ": unexpected header " + header);
        }
        String[] dims = s.group(1).split(",");
        int count = 1;
        int rank = 0;
        int[] shape = new int[dims.length];
        for (String dim : dims) {
          if (!dim.isBlank()) {
            shape[rank] = Integer.parseInt(dim.trim());
            count *= shape[rank++];
          }
        }
        float[] values = new float[count];
        boolean isFloat = d.group(1).endsWith("f4");
        for (int i = 0; i < count; i++) {
          int at = 10 + headerLength + 4 * i;
          values[i] = isFloat ? buf.getFloat(at) : buf.getInt(at);
        }
        out.put(e.getName().replaceFirst("\\.npy$", ""), new Array(java.util.Arrays.copyOf(shape, rank), values));
      }
    }
    return out;
  }
}
