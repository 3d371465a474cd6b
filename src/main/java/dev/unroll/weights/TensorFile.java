package dev.unroll.weights;

/**
 * Every tensor of one weights file, before any model is built from them: what {@code inspect} prints.
 *
 * @param format e.g. {@code npz}, {@code tf-checkpoint}, {@code safetensors}
 * @param sha256 hex SHA-256 of the file's bytes (of the {@code .index} file, for a checkpoint)
 */
public record TensorFile(String source, String format, String sha256, NamedTensors tensors) {}
