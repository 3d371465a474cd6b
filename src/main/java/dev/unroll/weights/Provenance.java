package dev.unroll.weights;

import java.util.List;

/**
 * Where a model's weights came from: logged by the job and written into its run summary.
 *
 * @param source the URI or path as the user gave it
 * @param format e.g. {@code npz}, {@code tf-checkpoint}, {@code onnx}
 * @param sha256 hex SHA-256 of the file's bytes (of the index file, for a checkpoint)
 * @param tensors every tensor the model was built from, as {@code name dtype shape}
 */
public record Provenance(String source, String format, String sha256, List<String> tensors) {
  public Provenance {
    tensors = List.copyOf(tensors);
  }
}
