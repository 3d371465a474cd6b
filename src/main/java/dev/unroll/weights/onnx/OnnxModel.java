package dev.unroll.weights.onnx;

import java.util.Map;

/**
 * An ONNX {@code ModelProto}: the parts a loader needs.
 *
 * @param opsets operator-set version by domain ({@code ""} is the standard {@code ai.onnx} set)
 */
record OnnxModel(
    String file,
    long irVersion,
    String producerName,
    String producerVersion,
    Map<String, Long> opsets,
    OnnxGraph graph) {

  OnnxModel {
    opsets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(opsets));
  }

  /** The standard operator set's version, 0 if the model imports none. */
  long standardOpset() {
    return opsets.getOrDefault("", opsets.getOrDefault("ai.onnx", 0L));
  }
}
