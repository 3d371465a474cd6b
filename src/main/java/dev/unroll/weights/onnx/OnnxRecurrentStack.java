package dev.unroll.weights.onnx;

import dev.unroll.weights.WeightsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the recurrent layers in an ONNX graph: its {@code RNN}, {@code GRU} and {@code LSTM} nodes,
 * which must form one chain (layer k+1 reads layer k's {@code Y} through {@link OnnxLayerGlue}), with
 * their weights resolved to constants.
 *
 * <p>The rest of the graph may only describe shapes, build the zero initial states PyTorch exports,
 * or rearrange outputs; any op that computes something else (a dense head, a Loop) is refused by
 * name, so a model is never silently scored without part of its math.
 *
 * @param layers the recurrent nodes, bottom layer first
 * @param input the graph input that feeds the bottom layer
 * @param batchMajorInput whether that input is {@code [B, T, I]} rather than {@code [T, B, I]}
 * @param sequenceLengths the graph input feeding {@code sequence_lens}, or null if none does
 */
record OnnxRecurrentStack(
    List<Layer> layers, String input, boolean batchMajorInput, String sequenceLengths) {

  /**
   * One recurrent node with its constant inputs.
   *
   * @param b null when absent (zero biases)
   * @param p null when absent (no peepholes); LSTM only
   * @param layout the node's {@code layout}: 0 time-major, 1 batch-major; the cells do not depend on it
   */
  record Layer(OnnxNode node, OnnxTensor w, OnnxTensor r, OnnxTensor b, OnnxTensor p, int layout) {}

  static final Set<String> RECURRENT = Set.of("RNN", "GRU", "LSTM");

  /** Ops that only shape, select or move data, or make constants. */
  private static final Set<String> PASSIVE = Set.of(
      "Constant", "ConstantOfShape", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice",
      "Transpose", "Reshape", "Identity", "Expand", "Cast");

  private static final Set<String> COMMON_ATTRIBUTES = Set.of(
      "activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size", "layout");

  static OnnxRecurrentStack find(OnnxModel model, Map<String, OnnxTensor> bound) throws WeightsException {
    String file = model.file();
    OnnxGraphValues values = new OnnxGraphValues(model, bound);
    List<OnnxNode> recurrent = new ArrayList<>();
    for (OnnxNode node : model.graph().nodes()) {
      boolean isRecurrent = RECURRENT.contains(node.opType());
      if (isRecurrent && node.isStandard()) {
        recurrent.add(node);
      } else if (!node.isStandard() || !PASSIVE.contains(node.opType())) {
        throw new WeightsException(file + ": " + node.describe()
            + (node.isStandard() ? "" : " in domain '" + node.domain() + "'")
            + " is not supported: unroll runs graphs of RNN, GRU and LSTM nodes joined by shape ops"
            + " only");
      }
    }
    if (recurrent.isEmpty()) {
      throw new WeightsException(file + ": the graph has no RNN, GRU or LSTM node");
    }
    for (String sparse : model.graph().sparseInitializers()) {
      throw new WeightsException(file + ": sparse initializer '" + sparse + "' is not supported");
    }

    List<Layer> layers = new ArrayList<>();
    String input = null;
    boolean batchMajor = false;
    String lengths = null;
    for (int k = 0; k < recurrent.size(); k++) {
      OnnxNode node = recurrent.get(k);
      Layer layer = resolve(values, node);
      if (k == 0) {
        List<Integer> perm = new ArrayList<>(List.of(0, 1, 2));
        input = traceToInput(values, node, perm);
        // perm maps the node's X axes to the graph input's: X[i] = input[perm[i]]
        if (perm.get(2) != 2) {
          throw new WeightsException(file + ": graph input '" + input + "' reaches " + node.describe()
              + " with its feature axis moved (axes " + perm + "); features must come last");
        }
        batchMajor = (perm.get(0) == 0) == (layer.layout() == 1);
      } else {
        checkGlue(values, layers.get(k - 1), node, layer.layout());
      }
      String seq = node.input(4);
      if (!seq.isEmpty()) {
        if (!values.isRuntimeInput(seq)) {
          throw new WeightsException(file + ": " + node.describe() + " takes sequence_lens from '" + seq
              + "', which is not a graph input; unroll takes each sequence's length from the data");
        }
        if (lengths != null && !lengths.equals(seq)) {
          throw new WeightsException(file + ": the layers take sequence_lens from different inputs, '"
              + lengths + "' and '" + seq + "'");
        }
        lengths = seq;
      }
      layers.add(layer);
    }
    return new OnnxRecurrentStack(Collections.unmodifiableList(layers), input, batchMajor, lengths);
  }

  private static Layer resolve(OnnxGraphValues values, OnnxNode node) throws WeightsException {
    String file = values.model().file();
    for (OnnxAttribute a : node.attributes().values()) {
      boolean known = COMMON_ATTRIBUTES.contains(a.name())
          || (node.opType().equals("GRU") && a.name().equals("linear_before_reset"))
          || (node.opType().equals("LSTM") && a.name().equals("input_forget"));
      if (!known) {
        throw new WeightsException(file + ": " + node.describe() + " has attribute '" + a.name()
            + "', which " + node.opType() + " does not define; refusing rather than ignoring it");
      }
    }
    int maxInputs = node.opType().equals("LSTM") ? 8 : 6;
    if (node.inputs().size() > maxInputs) {
      throw new WeightsException(file + ": " + node.describe() + " has " + node.inputs().size()
          + " inputs; " + node.opType() + " takes at most " + maxInputs);
    }
    for (int state = 5; state < Math.min(node.inputs().size(), 7); state++) {
      String name = node.input(state);
      if (!name.isEmpty() && !values.isZero(name)) {
        throw new WeightsException(file + ": " + node.describe() + " starts from "
            + (state == 5 ? "initial_h" : "initial_c") + " '" + name + "', which is not all zeros;"
            + " unroll starts every sequence from zero states (export without initial states)");
      }
    }
    OnnxAttribute layout = node.attributes().get("layout");
    long lay = layout == null ? 0 : layout.i();
    if (lay != 0 && lay != 1) {
      throw new WeightsException(file + ": " + node.describe() + " has layout=" + lay + "; expected 0 or 1");
    }
    OnnxTensor r = weight(values, node, 2, "R", true);
    if (r.dims().length != 3) {
      throw new WeightsException(file + ": " + node.describe() + " input R " + r.describe()
          + " should have rank 3 [directions, gates·hidden, hidden]");
    }
    return new Layer(node, weight(values, node, 1, "W", true), r, weight(values, node, 3, "B", false),
        node.opType().equals("LSTM") ? weight(values, node, 7, "P", false) : null, (int) lay);
  }

  private static OnnxTensor weight(OnnxGraphValues values, OnnxNode node, int index, String role,
      boolean required) throws WeightsException {
    String file = values.model().file();
    String name = node.input(index);
    if (name.isEmpty()) {
      if (required) {
        throw new WeightsException(file + ": " + node.describe() + " has no " + role + " input");
      }
      return null;
    }
    OnnxTensor t = values.constant(name);
    if (t != null) {
      return t;
    }
    OnnxNode producer = values.producer(name);
    throw new WeightsException(file + ": " + node.describe() + " input " + role + " '" + name + "' is "
        + (producer != null ? "computed by " + producer.describe()
            + "; export with constant folding (torch.onnx.export's do_constant_folding=True)"
            : "a graph input without a value; the weights must be initializers in the file"));
  }

  /** Follows X back through Transposes to a graph input; composes their permutations into perm. */
  private static String traceToInput(OnnxGraphValues values, OnnxNode node, List<Integer> perm)
      throws WeightsException {
    String file = values.model().file();
    String name = node.input(0);
    for (int hops = 0; ; hops++) {
      if (hops > values.model().graph().nodes().size()) {
        throw new WeightsException(file + ": " + node.describe() + "'s input X comes from a cycle of nodes");
      }
      if (values.isRuntimeInput(name)) {
        return name;
      }
      OnnxNode producer = values.producer(name);
      if (producer == null) {
        throw new WeightsException(file + ": " + node.describe() + " reads X from constant '" + name
            + "'; the bottom layer's X must be a graph input");
      }
      if (!producer.opType().equals("Transpose") && !producer.opType().equals("Identity")) {
        throw new WeightsException(file + ": " + node.describe() + " reads X through "
            + producer.describe() + "; only Transpose may sit between the graph input and the bottom layer");
      }
      if (producer.opType().equals("Transpose")) {
        OnnxAttribute p = producer.attributes().get("perm");
        List<Long> pp = p == null ? List.of(2L, 1L, 0L) : p.ints();
        if (pp.size() != 3 || pp.stream().distinct().count() != 3
            || pp.stream().anyMatch(v -> v < 0 || v > 2)) {
          throw new WeightsException(file + ": " + producer.describe() + " has perm " + pp
              + ", not a permutation of 3 axes");
        }
        // out[i] = in[pp[i]]: the node's axis i comes from perm[i] of out, i.e. pp[perm[i]] of in
        perm.replaceAll(v -> pp.get(v).intValue());
      }
      name = producer.input(0);
    }
  }

  /** Checks that {@code node}'s X is {@code previous}'s Y with the directions concatenated. */
  private static void checkGlue(OnnxGraphValues values, Layer previous, OnnxNode node, int layout)
      throws WeightsException {
    String file = values.model().file();
    List<OnnxNode> glue = new ArrayList<>();
    String name = node.input(0);
    OnnxNode producer = values.producer(name);
    while (producer != null && !RECURRENT.contains(producer.opType())) {
      if (glue.size() > values.model().graph().nodes().size()) {
        throw new WeightsException(file + ": " + node.describe() + "'s input X comes from a cycle of nodes");
      }
      glue.add(0, producer);
      producer = values.producer(producer.input(0));
    }
    OnnxNode prev = previous.node();
    String y = prev.outputs().isEmpty() ? "" : prev.outputs().get(0);
    String source = glue.isEmpty() ? name : glue.get(0).input(0);
    if (producer != prev || y.isEmpty() || !y.equals(source)) {
      throw new WeightsException(file + ": " + node.describe() + " does not read the output Y of "
          + prev.describe() + ", the recurrent node before it; unroll needs the recurrent nodes to form"
          + " one stack");
    }
    int directions = directions(file, prev);
    int hidden = (int) previous.r().dims()[previous.r().dims().length - 1];
    OnnxLayerGlue.Sizes sizes = new OnnxLayerGlue.Sizes(directions, hidden);
    List<OnnxLayerGlue.Axis> axes = OnnxLayerGlue.outputAxes(previous.layout());
    for (OnnxNode g : glue) {
      axes = OnnxLayerGlue.apply(values, g, axes, sizes);
    }
    if (!axes.equals(OnnxLayerGlue.inputAxes(layout))) {
      throw new WeightsException(file + ": " + prev.describe() + "'s Y reaches " + node.describe()
          + " with axes " + axes + "; expected " + OnnxLayerGlue.inputAxes(layout));
    }
  }

  /** 2 for {@code direction="bidirectional"}, else 1. */
  static int directions(String file, OnnxNode node) throws WeightsException {
    OnnxAttribute d = node.attributes().get("direction");
    String v = d == null ? "forward" : d.s();
    return switch (v) {
      case "forward", "reverse" -> 1;
      case "bidirectional" -> 2;
      default -> throw new WeightsException(file + ": " + node.describe() + " has direction '" + v
          + "'; expected forward, reverse or bidirectional");
    };
  }
}
