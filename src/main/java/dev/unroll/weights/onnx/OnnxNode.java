package dev.unroll.weights.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX {@code NodeProto}. An empty string in {@code inputs} means an optional input left out.
 *
 * @param index the node's position in the graph, for messages when it has no name
 * @param domain empty or {@code ai.onnx} for the standard operators
 */
record OnnxNode(
    int index,
    String name,
    String opType,
    String domain,
    List<String> inputs,
    List<String> outputs,
    Map<String, OnnxAttribute> attributes) {

  OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  boolean isStandard() {
    return domain.isEmpty() || domain.equals("ai.onnx");
  }

  /** Input {@code k}, or "" when absent. */
  String input(int k) {
    return k < inputs.size() ? inputs.get(k) : "";
  }

  /** e.g. {@code LSTM node '/LSTM_1'} or {@code LSTM node #7} when unnamed. */
  String describe() {
    return opType + " node " + (name.isEmpty() ? "#" + index : "'" + name + "'");
  }
}
