package dev.unroll.weights.onnx;

import java.util.List;
import java.util.Map;

/**
 * One ONNX {@code GraphProto}: its nodes in file (topological) order, initializers by name, and the
 * names of its inputs and outputs.
 *
 * @param sparseInitializers names of sparse initializers, which this reader does not decode
 */
record OnnxGraph(
    String name,
    List<OnnxNode> nodes,
    Map<String, OnnxTensor> initializers,
    List<String> sparseInitializers,
    List<String> inputs,
    List<String> outputs) {

  OnnxGraph {
    nodes = List.copyOf(nodes);
    initializers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(initializers));
    sparseInitializers = List.copyOf(sparseInitializers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
