package dev.unroll.weights.onnx;

import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.ProtobufReader;
import java.io.IOException;
import java.util.Map;

/**
 * ONNX external data: a tensor whose bytes live in another file next to the model, named by its
 * {@code external_data} entries {@code location}, {@code offset} and {@code length} (decimal strings).
 * The location must be a plain file name in the model's folder ({@link WeightSource#checkRelativePath});
 * ranges are checked against the file's size before anything is read or allocated.
 */
public final class OnnxExternalData {
  private OnnxExternalData() {}

  /** The files next to a model. */
  public interface Files {
    /** Size in bytes of {@code name}, a single path component already checked; -1 if there is no such file. */
    long size(String name) throws IOException;

    /** Bytes {@code [offset, offset+length)} of {@code name}, already checked against its size. */
    byte[] read(String name, long offset, long length) throws IOException;
  }

  /** The files next to {@code model} through {@link WeightSource#sibling}, which refuses names outside its folder. */
  public static Files siblingsOf(WeightSource model) {
    return new Files() {
      @Override
      public long size(String name) throws IOException {
        WeightSource file = model.sibling(name);
        return file.exists() ? file.size() : -1;
      }

      @Override
      public byte[] read(String name, long offset, long length) throws IOException {
        WeightSource file = model.sibling(name);
        return SourceBytes.readRange(file, offset, length, file.size());
      }
    };
  }

  static OnnxTensor.External describe(String where, Map<String, String> entries)
      throws WeightsException {
    for (String key : entries.keySet()) {
      if (!key.equals("location") && !key.equals("offset") && !key.equals("length")
          && !key.equals("checksum")) {
        throw new WeightsException(where + ": unknown external_data key '" + key + "'");
      }
    }
    String location = entries.get("location");
    if (location == null || location.isEmpty()) {
      throw new WeightsException(where + ": external data without a location");
    }
    return new OnnxTensor.External(location, number(where, entries, "offset", 0),
        number(where, entries, "length", -1));
  }

  private static long number(String where, Map<String, String> entries, String key, long absent)
      throws WeightsException {
    String v = entries.get(key);
    if (v == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new WeightsException(where + ": external data " + key + " '" + v
        + "' is not a non-negative decimal number");
  }

  /** {@code tensor} with its external bytes read in; other tensors unchanged. */
  static OnnxTensor resolve(OnnxTensor tensor, Files files) throws IOException {
    if (!(tensor.values() instanceof OnnxTensor.External ext)) {
      return tensor;
    }
    if (files == null) {
      throw tensor.error("keeps its data in external file '" + ext.location()
          + "', but the model was not read from a folder");
    }
    String location = ext.location();
    if (location.startsWith("./")) {
      location = location.substring(2);
    }
    try {
      WeightSource.checkRelativePath(location, true);
    } catch (IllegalArgumentException e) {
      throw tensor.error("has external data location '" + ext.location() + "': " + e.getMessage());
    }
    long expected = (long) tensor.elementCount() * tensor.type().width;
    long size = files.size(location);
    if (size < 0) {
      throw tensor.error("keeps its data in external file '" + location + "', which is not next to the model");
    }
    long length = ext.length() < 0 ? size - ext.offset() : ext.length();
    if (ext.offset() > size || length > size - ext.offset()) {
      throw tensor.error("has external data [" + ext.offset() + ", " + (ext.offset() + length)
          + ") in '" + location + "', which has only " + size + " bytes");
    }
    if (length != expected) {
      throw tensor.error("declares " + expected + " bytes but its external data in '" + location
          + "' is " + length + " bytes long");
    }
    byte[] bytes = files.read(location, ext.offset(), length);
    return new OnnxTensor(tensor.file(), tensor.name(), tensor.type(), tensor.dims(),
        new OnnxTensor.Raw(new ProtobufReader.Bytes(bytes, 0, bytes.length)));
  }
}
