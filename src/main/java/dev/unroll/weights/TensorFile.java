package dev.unroll.weights;

import java.util.List;

/**
 * Every tensor of one weights file, before any model is built from them: what {@code inspect} prints.
 *
 * @param format e.g. {@code npz}, {@code tf-checkpoint}, {@code safetensors}
 * @param sha256 hex SHA-256 of the file's bytes (for a checkpoint: of its {@code .index} file followed by its
 *     data shards in order)
 * @param tensors the numeric tensors, as float32
 * @param otherEntries entries that are not numeric tensors (a checkpoint's string tensors, for
 *     example), each as {@code name dtype [shape]}; they were read and checked but hold no weights
 */
public record TensorFile(String source, String format, String sha256, NamedTensors tensors,
    List<String> otherEntries) {

  public TensorFile {
    otherEntries = List.copyOf(otherEntries);
  }

  public TensorFile(String source, String format, String sha256, NamedTensors tensors) {
    this(source, format, sha256, tensors, List.of());
  }
}
