package dev.unroll.weights.arrays;

import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.ZipArchive;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy's {@code .npz}: a ZIP ({@link ZipArchive}: stored or deflated members, Zip64) with one
 * {@code <key>.npy} member per array. Keys may contain {@code /} (TensorFlow variable names) but a
 * member whose name would escape its folder is refused.
 */
public final class Npz {

  private Npz() {}

  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
  }

  public static NamedTensors read(String where, byte[] bytes) throws WeightsException {
    if (!hasMagic(bytes)) {
      throw new WeightsException(where + ": not a .npz (ZIP) file: it does not start with PK\\3\\4");
    }
    ZipArchive zip = new ZipArchive(where, bytes);
    List<Tensor> tensors = new ArrayList<>();
    for (ZipArchive.Member member : zip.members()) {
      String name = member.name();
      if (name.endsWith("/")) {
        continue; // a folder entry
      }
      try {
        WeightSource.checkRelativePath(name, false);
      } catch (IllegalArgumentException e) {
        throw new WeightsException(where + ": member '" + name + "' escapes the archive's folder", e);
      }
      if (!name.endsWith(".npy")) {
        throw new WeightsException(where + ": member '" + name + "' is not a .npy array");
      }
      tensors.add(Npy.read(where + " member " + name, name.substring(0, name.length() - 4), zip.read(member)));
    }
    if (tensors.isEmpty()) {
      throw new WeightsException(where + ": the .npz holds no arrays");
    }
    return new NamedTensors(where, tensors);
  }
}
