package dev.unroll.weights.load;

import dev.unroll.model.Embedding;
import dev.unroll.model.ModelHints;
import dev.unroll.weights.FrameworkHints;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Provenance;
import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.arrays.Npy;
import dev.unroll.weights.arrays.Npz;
import dev.unroll.weights.arrays.Safetensors;
import dev.unroll.weights.keras.KerasArchive;
import dev.unroll.weights.keras.KerasH5;
import dev.unroll.weights.keras.KerasLoader;
import dev.unroll.weights.onnx.OnnxExternalData;
import dev.unroll.weights.onnx.OnnxLoader;
import dev.unroll.weights.tensorflow.Checkpoints;
import dev.unroll.weights.tensorflow.TensorFlowModels;
import dev.unroll.weights.torch.TorchStateDicts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
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
 * (HDF5 {@code .h5}, {@code .keras} archives), which describe their model themselves; the user's hints
 * are checked against those ({@link FrameworkHints}). This is the one place that tells formats apart.
 */
public final class Models {
  private Models() {}

  private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** Reads {@code source} and builds its model, checking it against {@code hints}. */
  public static LoadedModel load(WeightSource source, ModelHints hints) throws IOException {
    ModelHints h = hints == null ? ModelHints.NONE : hints;
    LoadedModel framework = loadIfFramework(source, h);
    if (framework != null) {
      return framework;
    }
    TensorFile file = readTensors(source);
    if (TorchStateDicts.isTorchStateDict(file.tensors())) {
      return TorchStateDicts.load(file, h);
    }
    TensorFlowModels.Inferred inferred = TensorFlowModels.infer(file.tensors(), h);
    return new LoadedModel(inferred.model(),
        Provenance.of(file.source(), file.format(), file.sha256(), inferred.used()));
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
    throw FileKinds.unknown(where, source.fileName(), bytes);
  }

  /** The model in {@code source} if it is an ONNX, Keras {@code .h5} or {@code .keras} file; else null. */
  private static LoadedModel loadIfFramework(WeightSource source, ModelHints hints) throws IOException {
    if (!source.exists() || source.isDirectory()) {
      return null;
    }
    String name = lowerName(source);
    long size = source.size();
    byte[] head = SourceBytes.readRange(source, 0, Math.min(16, size), size);
    boolean hdf5 = startsWith(head, HDF5_MAGIC);
    boolean zip = startsWith(head, new byte[] {'P', 'K', 3, 4}) || startsWith(head, new byte[] {'P', 'K', 5, 6});
    // ModelProto's first field is ir_version (field 1, varint: byte 0x08); a safetensors header length
    // can start with that byte too, but then byte 8 opens its JSON.
    boolean onnx = name.endsWith(".onnx")
        || (head.length > 0 && head[0] == 0x08 && !(head.length > 8 && head[8] == '{') && !hdf5 && !zip);
    if (!hdf5 && !(zip && name.endsWith(".keras")) && !onnx) {
      return null;
    }
    String where = source.describe();
    byte[] bytes = SourceBytes.readAll(source);
    LoadedModel loaded;
    if (hdf5 || zip) {
      KerasLoader.Result keras = hdf5 ? KerasH5.load(where, bytes) : KerasArchive.load(where, bytes);
      Tensor table = keras.embedding();
      loaded = table == null ? keras.loaded()
          : new LoadedModel(keras.loaded().model(), new Embedding(table.dim(0), table.dim(1), table.values()),
              keras.loaded().provenance());
    } else {
      try {
        loaded = OnnxLoader.load(where, bytes, OnnxExternalData.siblingsOf(source)).loaded(); // bytes already read
      } catch (WeightsException e) {
        if (bytes.length == 0 || bytes[0] != 0x08) { // not even a ModelProto's first field: not ONNX at all
          throw FileKinds.unknown(where, source.fileName(), bytes);
        }
        throw e;
      }
    }
    FrameworkHints.check(where, loaded.model(), hints, false);
    return loaded;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
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
}
