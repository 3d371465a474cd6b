package dev.unroll.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The entry point of the loaders: reads a weights file of any supported format, chosen by its magic
 * bytes (then its name), and builds the model its names and shapes describe.
 *
 * <p>Formats: NumPy {@code .npz} (and a single {@code .npy}, for inspection), TensorFlow checkpoints
 * (the {@code .index} file, the prefix, a SavedModel folder or a folder with a {@code checkpoint}
 * file) and safetensors. Tensors named the TensorFlow v1 way become TF v1 cells; PyTorch state_dict
 * names ({@code weight_ih_l0}, ...) in an npz or safetensors file become PyTorch cells.
 * {@link #load} also reads ONNX models ({@code .onnx}, or a ModelProto's first bytes) and Keras files
 * (HDF5 {@code .h5}, {@code .keras} archives), which describe their model themselves.
 */
public final class Models {
  private Models() {}

  /** Reads {@code source} and builds its model, checking it against {@code hints}. */
  public static LoadedModel load(WeightSource source, ModelHints hints) throws IOException {
    ModelHints h = hints == null ? ModelHints.NONE : hints;
    LoadedModel framework = FrameworkModels.loadIfFramework(source, h);
    if (framework != null) {
      return framework;
    }
    TensorFile file = readTensors(source);
    if (FrameworkModels.isTorchStateDict(file.tensors())) {
      return FrameworkModels.torch(file, h);
    }
    TensorFlowModels.Inferred inferred = TensorFlowModels.infer(file.tensors(), h);
    return new LoadedModel(inferred.model(), new Provenance(file.source(), file.format(), file.sha256(),
        inferred.used().stream().map(Tensor::describe).toList()));
  }

  /** Reads every tensor of {@code source}, whatever its format. */
  public static TensorFile readTensors(WeightSource source) throws IOException {
    String where = source.describe();
    if (!source.exists()) {
      if (source.sibling(source.fileName() + ".index").exists()) {
        return Checkpoints.read(source);
      }
      throw new WeightsException(where + ": no such file or folder (nor a checkpoint prefix with a .index file)");
    }
    if (source.isDirectory() || lowerName(source).endsWith(".index")) {
      return Checkpoints.read(source);
    }
    long size = source.size();
    if (size > SourceBytes.MAX_WHOLE_FILE && Npy.hasMagic(SourceBytes.readRange(source, 0, Npy.MAGIC.length, size))) {
      return Npy.readStreaming(source, stem(source.fileName()), Npy.STREAM_CHUNK); // a large embedding table
    }
    byte[] bytes = SourceBytes.readAll(source);
    String sha = SourceBytes.sha256(bytes);
    if (Npy.hasMagic(bytes)) {
      String name = stem(source.fileName());
      return new TensorFile(where, "npy", sha, new NamedTensors(where, List.of(Npy.read(where, name, bytes))));
    }
    if (Npz.hasMagic(bytes)) {
      if (lowerName(source).endsWith(".keras")) {
        throw new WeightsException(where + ": a Keras .keras archive; this loader reads .npz archives only");
      }
      return new TensorFile(where, "npz", sha, Npz.read(where, bytes));
    }
    if (looksLikeSafetensors(bytes) || lowerName(source).endsWith(".safetensors")) {
      Safetensors.Contents contents = Safetensors.read(where, bytes);
      List<String> metadata = new ArrayList<>();
      contents.metadata().forEach((k, v) -> metadata.add(Safetensors.METADATA + " " + k + "=" + v));
      return new TensorFile(where, "safetensors", sha, contents.tensors(), metadata);
    }
    throw new WeightsException(where + ": unknown weights format (first bytes " + firstBytes(bytes)
        + "); expected a .npz or .npy (NumPy), a TensorFlow checkpoint (.index, prefix or folder) or .safetensors");
  }

  private static boolean looksLikeSafetensors(byte[] bytes) {
    if (bytes.length < 9) {
      return false;
    }
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    return headerLength > 1 && headerLength <= bytes.length - 8 && bytes[8] == '{';
  }

  private static String lowerName(WeightSource source) {
    return source.fileName().toLowerCase(Locale.ROOT);
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  private static String firstBytes(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      s.append(String.format("%02x ", bytes[i] & 0xff));
    }
    return s.toString().trim();
  }
}
