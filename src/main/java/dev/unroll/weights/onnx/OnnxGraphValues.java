package dev.unroll.weights.onnx;

import dev.unroll.weights.WeightsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every value name in an ONNX graph refers to: a constant (an initializer, a {@code Constant}
 * node's output, or a graph input the caller bound to a tensor), a node's output, or a graph input
 * fed at run time.
 */
final class OnnxGraphValues {
  /** Ops that only move, select or describe data: applied to zeros they give zeros. */
  private static final Set<String> DATA_MOVEMENT = Set.of(
      "Slice", "Gather", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Expand", "Identity",
      "Concat", "Tile", "Cast");

  private final OnnxModel model;
  private final Map<String, OnnxTensor> constants = new HashMap<>();
  private final Map<String, OnnxNode> producers = new HashMap<>();

  /**
   * @param bound graph inputs given values by the caller (ONNX's test data sets feed the weights as
   *     inputs); they count as constants
   */
  OnnxGraphValues(OnnxModel model, Map<String, OnnxTensor> bound) throws WeightsException {
    this.model = model;
    OnnxGraph graph = model.graph();
    constants.putAll(graph.initializers());
    for (Map.Entry<String, OnnxTensor> e : bound.entrySet()) {
      if (!graph.inputs().contains(e.getKey())) {
        throw new WeightsException(model.file() + ": cannot bind '" + e.getKey()
            + "': the graph has no such input (inputs: " + graph.inputs() + ")");
      }
      constants.put(e.getKey(), e.getValue());
    }
    for (OnnxNode node : graph.nodes()) {
      for (String out : node.outputs()) {
        if (!out.isEmpty() && producers.put(out, node) != null) {
          throw new WeightsException(model.file() + ": value '" + out + "' is produced twice");
        }
      }
      if (node.isStandard() && node.opType().equals("Constant")) {
        OnnxTensor value = constantValue(node); // first: it checks the node has its one output
        constants.put(node.outputs().get(0), value);
      }
    }
  }

  /** The tensor a {@code Constant} node produces: its {@code value}, or a scalar/list attribute. */
  private OnnxTensor constantValue(OnnxNode node) throws WeightsException {
    if (node.outputs().size() != 1 || node.attributes().size() != 1) {
      throw new WeightsException(model.file() + ": " + node.describe()
          + " should have one output and one attribute, found " + node.outputs().size() + " and "
          + node.attributes().keySet());
    }
    OnnxAttribute a = node.attributes().values().iterator().next();
    String name = node.outputs().get(0);
    return switch (a.name()) {
      case "value" -> {
        if (a.t() == null) {
          throw new WeightsException(model.file() + ": " + node.describe() + " attribute 'value' is "
              + a.type() + ", expected TENSOR");
        }
        yield renamed(a.t(), name);
      }
      case "value_float" -> typed(name, OnnxDataType.FLOAT, new long[0], 4,
          Float.floatToRawIntBits(a.f()));
      case "value_floats" -> typed(name, OnnxDataType.FLOAT, new long[] {a.floats().size()}, 4,
          a.floats().stream().mapToLong(Float::floatToRawIntBits).toArray());
      case "value_int" -> typed(name, OnnxDataType.INT64, new long[0], 7, a.i());
      case "value_ints" -> typed(name, OnnxDataType.INT64, new long[] {a.ints().size()}, 7,
          a.ints().stream().mapToLong(Long::longValue).toArray());
      default -> throw new WeightsException(model.file() + ": " + node.describe() + " attribute '"
          + a.name() + "' is not supported (value, value_float(s) and value_int(s) are)");
    };
  }

  private OnnxTensor renamed(OnnxTensor t, String name) {
    return new OnnxTensor(t.file(), name, t.type(), t.dims(), t.values());
  }

  private OnnxTensor typed(String name, OnnxDataType type, long[] dims, int field, long... values) {
    return new OnnxTensor(model.file(), name, type, dims, new OnnxTensor.Typed(field, values));
  }

  OnnxModel model() {
    return model;
  }

  /** The constant named {@code name}, or null if it is computed or fed at run time. */
  OnnxTensor constant(String name) {
    return constants.get(name);
  }

  /** The node that produces {@code name}, or null for a constant or a graph input. */
  OnnxNode producer(String name) {
    return constants.containsKey(name) ? null : producers.get(name);
  }

  /** Whether {@code name} is a graph input fed at run time (not an initializer, not bound). */
  boolean isRuntimeInput(String name) {
    return model.graph().inputs().contains(name) && !constants.containsKey(name);
  }

  /**
   * Whether {@code name} is provably all zeros: a zero constant, a {@code ConstantOfShape} of zero,
   * or only data movement applied to such values (how PyTorch builds its zero initial states).
   */
  boolean isZero(String name) throws WeightsException {
    return isZero(name, 0);
  }

  private boolean isZero(String name, int depth) throws WeightsException {
    if (depth > 64) {
      return false;
    }
    OnnxTensor t = constants.get(name);
    if (t != null) {
      return t.type().isFloatingPoint() && allZero(t.toFloats());
    }
    OnnxNode node = producers.get(name);
    if (node == null || !node.isStandard()) {
      return false;
    }
    if (node.opType().equals("ConstantOfShape")) {
      OnnxAttribute value = node.attributes().get("value");
      return value == null || (value.type() == OnnxAttribute.Type.TENSOR
          && value.t().type().isFloatingPoint() && allZero(value.t().toFloats()));
    }
    if (!DATA_MOVEMENT.contains(node.opType())) {
      return false;
    }
    List<String> data = node.opType().equals("Concat") ? node.inputs() : List.of(node.input(0));
    for (String in : data) {
      if (!in.isEmpty() && !isZero(in, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(float[] v) {
    for (float x : v) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }
}
