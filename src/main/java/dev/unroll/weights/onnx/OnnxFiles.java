package dev.unroll.weights.onnx;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads an ONNX model's bytes into an {@link OnnxModel} with its external data resolved. */
final class OnnxFiles {
  private OnnxFiles() {}

  /**
   * @param files the model's folder, for external data; null when the model has no folder (then a
   *     tensor with external data is refused)
   */
  static OnnxModel read(String file, byte[] bytes, OnnxExternalData.Files files) throws IOException {
    OnnxModel model = OnnxProtoParser.parseModel(file, bytes);
    OnnxGraph g = model.graph();
    Map<String, OnnxTensor> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, OnnxTensor> e : g.initializers().entrySet()) {
      resolved.put(e.getKey(), OnnxExternalData.resolve(e.getValue(), files));
    }
    OnnxGraph graph = new OnnxGraph(g.name(), g.nodes(), resolved, g.sparseInitializers(), g.inputs(),
        g.outputs());
    return new OnnxModel(file, model.irVersion(), model.producerName(), model.producerVersion(),
        model.opsets(), graph);
  }
}
