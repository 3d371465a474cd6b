package dev.unroll.weights.load;

import dev.unroll.weights.WeightsException;
import java.util.Locale;

/**
 * What a weights file's name promises, for the message when its bytes are not that: a user who named
 * random bytes {@code model.onnx} is told what an {@code .onnx} file starts with, not a parser's
 * complaint about a protobuf tag.
 */
final class FileKinds {
  private FileKinds() {}

  /** The formats unroll reads, for the end of every "unknown format" message. */
  static final String READABLE = "unroll reads .npz and .npy (NumPy), TensorFlow checkpoints (.index, prefix or"
      + " folder), .safetensors, .onnx and Keras .h5/.keras";

  /** What a file named {@code fileName} should be, or null for a name that promises nothing. */
  static String promise(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".onnx")) {
      return "an .onnx file should be an ONNX model (a protobuf ModelProto; its first byte is 08)";
    } else if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
      return "an " + extension(name) + " file should be a Keras HDF5 model (its first bytes are 89 48 44 46, "
          + "\\x89HDF)";
    } else if (name.endsWith(".keras")) {
      return "a .keras file should be a Keras 3 zip archive (its first bytes are 50 4b, PK)";
    } else if (name.endsWith(".npz")) {
      return "an .npz file should be a NumPy zip archive (its first bytes are 50 4b, PK)";
    } else if (name.endsWith(".npy")) {
      return "an .npy file should be a NumPy array (its first bytes are 93 4e 55 4d 50 59, \\x93NUMPY)";
    } else if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".bin")) {
      return "a PyTorch " + extension(name) + " file is a pickle, which unroll does not read: save the"
          + " state_dict as .safetensors or .npz";
    }
    return null;
  }

  /**
   * The error for bytes that are no format unroll reads: says so for an empty file, and what the
   * name promised when it promised something.
   */
  static WeightsException unknown(String where, String fileName, byte[] bytes) {
    String promise = promise(fileName);
    String found = bytes.length == 0 ? "the file is empty, 0 bytes" : "first bytes " + firstBytes(bytes);
    return new WeightsException(where + ": not a weights file (" + found + "): "
        + (promise == null ? "" : promise + "; ") + READABLE);
  }

  static String firstBytes(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      s.append(String.format("%02x ", bytes[i] & 0xff));
    }
    return s.toString().trim();
  }

  private static String extension(String name) {
    return name.substring(name.lastIndexOf('.'));
  }
}
