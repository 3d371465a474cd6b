package dev.unroll.weights;

import dev.unroll.cell.Cell;
import dev.unroll.model.Embedding;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The formats whose files say what the model is (ONNX graphs, Keras files, PyTorch state_dicts) for
 * {@link Models#load}: sniffing them, reading them, and checking the user's hints against what the file
 * says. Hints that only TensorFlow v1 checkpoints need ({@code forget_bias}, clips, the cell class) are
 * refused for these formats, since the file stores the complete math.
 */
final class FrameworkModels {
  private FrameworkModels() {}

  private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** The model in {@code source} if it is an ONNX, Keras {@code .h5} or {@code .keras} file; else null. */
  static LoadedModel loadIfFramework(WeightSource source, ModelHints hints) throws IOException {
    if (!source.exists() || source.isDirectory()) {
      return null;
    }
    String name = source.fileName().toLowerCase(Locale.ROOT);
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
      loaded = OnnxLoader.load(where, bytes, siblings(source)).loaded(); // bytes already read
    }
    check(where, loaded.model(), hints, false);
    return loaded;
  }

  /** ONNX external data through {@link WeightSource#sibling}, which refuses names outside the folder. */
  static OnnxExternalData.Files siblings(WeightSource source) {
    return new OnnxExternalData.Files() {
      @Override
      public long size(String name) throws IOException {
        WeightSource file = source.sibling(name);
        return file.exists() ? file.size() : -1;
      }

      @Override
      public byte[] read(String name, long offset, long length) throws IOException {
        WeightSource file = source.sibling(name);
        return SourceBytes.readRange(file, offset, length, file.size());
      }
    };
  }

  /** Whether the tensors are a PyTorch RNN module's state_dict ({@code ...weight_ih_l0}). */
  static boolean isTorchStateDict(NamedTensors tensors) {
    return tensors.names().stream().anyMatch(n -> n.endsWith("weight_ih_l0"));
  }

  /**
   * A PyTorch {@code nn.RNN/LSTM/GRU} state_dict through {@link TorchLayers}. {@code hints.scope()}
   * picks the module (e.g. {@code encoder.lstm}) when the file holds several; {@code activation} is
   * nn.RNN's nonlinearity, which the file does not store.
   */
  static LoadedModel torch(TensorFile file, ModelHints hints) throws WeightsException {
    String where = file.source();
    TreeSet<String> prefixes = new TreeSet<>();
    for (String n : file.tensors().names()) {
      if (n.endsWith("weight_ih_l0")) {
        prefixes.add(n.substring(0, n.length() - "weight_ih_l0".length()));
      }
    }
    String prefix;
    if (hints.scope() != null) {
      prefix = hints.scope().isEmpty() || hints.scope().endsWith(".") ? hints.scope() : hints.scope() + ".";
      if (!prefixes.contains(prefix)) {
        throw new WeightsException(where + ": no PyTorch RNN module '" + hints.scope() + "'; the file holds "
            + prefixes.stream().map(p -> p.isEmpty() ? "(no prefix)" : p).toList());
      }
    } else if (prefixes.size() == 1) {
      prefix = prefixes.first();
    } else {
      throw new WeightsException(where + ": the file holds several PyTorch RNN modules " + prefixes
          + "; name one with the scope hint");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Tensor t : file.tensors().all()) {
      if (t.name().startsWith(prefix) && !t.name().substring(prefix.length()).contains(".")) {
        tensors.put(t.name(), t);
      }
    }
    RnnModel model;
    try {
      model = TorchLayers.fromStateDict(tensors, prefix, hints.activation());
    } catch (IllegalArgumentException e) {
      throw new WeightsException(where + ": " + e.getMessage(), e);
    }
    check(where, model, hints, true);
    return new LoadedModel(model, new Provenance(where, file.format() + " (PyTorch state_dict)", file.sha256(),
        tensors.values().stream().map(Tensor::describe).toList()));
  }

  /** Checks the hints that can contradict a framework file; refuses those it cannot apply. */
  static void check(String where, RnnModel model, ModelHints hints, boolean torch) throws WeightsException {
    if (hints.cell() != null || hints.forgetBias() != null || hints.cellClip() != null
        || hints.projClip() != null) {
      throw new WeightsException(where + ": the cell class, forget_bias and clip hints apply to TensorFlow v1"
          + " checkpoints only; this file stores the complete cell, so leave them unset");
    }
    if (hints.activation() != null && !torch) {
      throw new WeightsException(where + ": the activation hint applies to TensorFlow v1 checkpoints and"
          + " PyTorch's nn.RNN only; this file records its activations");
    }
    if (hints.scope() != null && !torch) {
      throw new WeightsException(where + ": the scope hint selects a module in a checkpoint or state_dict;"
          + " this file holds one model");
    }
    if (hints.layers() != null && hints.layers() != model.layers().size()) {
      throw new WeightsException(where + ": the layers hint says " + hints.layers() + " but the file holds "
          + model.layers().size() + " layers");
    }
    for (Layer layer : model.layers()) {
      if (hints.bidirectional() != null && hints.bidirectional() != layer.isBidirectional()) {
        throw new WeightsException(where + ": the bidirectional hint says " + hints.bidirectional()
            + " but the file's layer " + model.layers().indexOf(layer) + " is "
            + (layer.isBidirectional() ? "bidirectional" : "one direction"));
      }
      for (int d = 0; d < 2; d++) {
        for (Cell cell : layer.direction(d)) {
          if (hints.units() != null && hints.units() != cell.units()) {
            throw new WeightsException(where + ": the units hint says " + hints.units() + " but the file's "
                + cell.describe() + " has " + cell.units());
          }
        }
      }
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
