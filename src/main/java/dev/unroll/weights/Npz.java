package dev.unroll.weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * NumPy's {@code .npz}: a ZIP (stored or deflated members, Zip64 as NumPy always writes it) with one
 * {@code <key>.npy} member per array. Keys may contain {@code /} (TensorFlow variable names) but a
 * member whose name would escape its folder is refused.
 */
final class Npz {

  private Npz() {}

  static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
  }

  static NamedTensors read(String where, byte[] bytes) throws WeightsException {
    if (!hasMagic(bytes)) {
      throw new WeightsException(where + ": not a .npz (ZIP) file: it does not start with PK\\3\\4");
    }
    List<Tensor> tensors = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        String member = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        try {
          WeightSource.checkRelativePath(member, false);
        } catch (IllegalArgumentException e) {
          throw new WeightsException(where + ": member '" + member + "' escapes the archive's folder", e);
        }
        if (!member.endsWith(".npy")) {
          throw new WeightsException(where + ": member '" + member + "' is not a .npy array");
        }
        String name = member.substring(0, member.length() - 4);
        byte[] data = zip.readNBytes((int) SourceBytes.MAX_WHOLE_FILE);
        if (zip.read() >= 0) {
          throw new WeightsException(where + ": member '" + member + "' is larger than " + SourceBytes.MAX_WHOLE_FILE + " bytes");
        }
        tensors.add(Npy.read(where + " member " + member, name, data));
      }
    } catch (WeightsException e) {
      throw e;
    } catch (IOException e) {
      throw new WeightsException(where + ": not a readable .npz (ZIP) file: " + e.getMessage(), e);
    }
    if (tensors.isEmpty()) {
      throw new WeightsException(where + ": the .npz holds no arrays");
    }
    return new NamedTensors(where, tensors);
  }
}
