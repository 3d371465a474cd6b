package dev.unroll.weights.onnx;

import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.Provenance;
import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads an ONNX model whose graph is a stack of {@code RNN}, {@code GRU} or {@code LSTM} nodes (what
 * {@code torch.onnx.export} writes for {@code nn.RNN/LSTM/GRU}): parses it by hand
 * ({@link OnnxProtoParser}), finds the stack ({@link OnnxRecurrentStack}) and converts each node with
 * {@link OnnxLayers}.
 */
public final class OnnxLoader {
  private OnnxLoader() {}

  /** The loaded model and how its graph feeds it, for logs and {@code inspect}. */
  public record Result(LoadedModel loaded, long opset, String input, boolean batchMajorInput,
      String sequenceLengths, List<Integer> layouts) {}

  /** Reads {@code source}, with its external data files from the same folder. */
  public static Result load(WeightSource source) throws IOException {
    return load(source.describe(), SourceBytes.readAll(source), OnnxExternalData.siblingsOf(source));
  }

  /**
   * @param source the file as the user named it, for messages and provenance
   * @param files the model's folder, for external data; null if it has none
   */
  public static Result load(String source, byte[] bytes, OnnxExternalData.Files files) throws IOException {
    return load(OnnxFiles.read(source, bytes, files), bytes, Map.of());
  }

  /**
   * @param bound graph inputs given values (ONNX's node tests feed the weights as inputs)
   */
  static Result load(OnnxModel model, byte[] bytes, Map<String, OnnxTensor> bound) throws IOException {
    String file = model.file();
    long opset = model.standardOpset();
    if (opset <= 0) {
      throw new WeightsException(file + ": the model imports no standard (ai.onnx) operator set");
    }
    OnnxRecurrentStack stack = OnnxRecurrentStack.find(model, bound);
    List<Layer> layers = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    List<Integer> layouts = new ArrayList<>();
    for (OnnxRecurrentStack.Layer l : stack.layers()) {
      OnnxNode node = l.node();
      Tensor[] weights = {tensor(l.w()), tensor(l.r()), tensor(l.b()), tensor(l.p())};
      try {
        layers.add(OnnxLayers.layer(file + ": " + node.describe(), OnnxLayers.Operator.of(node.opType()),
            attributes(file, node), weights[0], weights[1], weights[2], weights[3]));
      } catch (IllegalArgumentException e) {
        throw new WeightsException(prefixed(file, e.getMessage()), e);
      }
      layouts.add(l.layout());
      for (Tensor t : weights) {
        if (t != null) {
          tensors.add(t);
        }
      }
    }
    RnnModel rnn;
    try {
      rnn = new RnnModel(layers);
    } catch (IllegalArgumentException e) {
      throw new WeightsException(file + ": the recurrent nodes do not stack: " + e.getMessage(), e);
    }
    Provenance provenance = Provenance.of(file, "onnx", SourceBytes.sha256(bytes), tensors);
    return new Result(new LoadedModel(rnn, provenance), opset, stack.input(), stack.batchMajorInput(),
        stack.sequenceLengths(), layouts);
  }

  private static String prefixed(String file, String message) {
    return message.startsWith(file) ? message : file + ": " + message;
  }

  /** The node's attributes that shape the math, each checked for its type. */
  static OnnxRnnAttributes attributes(String file, OnnxNode node) throws WeightsException {
    OnnxRnnAttributes.Direction direction = OnnxRnnAttributes.Direction.FORWARD;
    int hidden = 0;
    List<String> activations = List.of();
    List<Float> alpha = List.of();
    List<Float> beta = List.of();
    float clip = Float.NaN;
    int linearBeforeReset = 0;
    int inputForget = 0;
    for (OnnxAttribute a : node.attributes().values()) {
      switch (a.name()) {
        case "direction" -> {
          try {
            direction = OnnxRnnAttributes.Direction.parse(expect(file, node, a, OnnxAttribute.Type.STRING).s());
          } catch (IllegalArgumentException e) {
            throw new WeightsException(file + ": " + node.describe() + ": " + e.getMessage(), e);
          }
        }
        case "hidden_size" -> hidden = intValue(file, node, a, 1);
        case "activations" -> activations = expect(file, node, a, OnnxAttribute.Type.STRINGS).strings();
        case "activation_alpha" -> alpha = expect(file, node, a, OnnxAttribute.Type.FLOATS).floats();
        case "activation_beta" -> beta = expect(file, node, a, OnnxAttribute.Type.FLOATS).floats();
        case "clip" -> clip = expect(file, node, a, OnnxAttribute.Type.FLOAT).f();
        case "linear_before_reset" -> linearBeforeReset = intValue(file, node, a, 0);
        case "input_forget" -> inputForget = intValue(file, node, a, 0);
        case "layout" -> intValue(file, node, a, 0); // X and Y layout only; the cells do not depend on it
        default -> throw new WeightsException(file + ": " + node.describe() + " has unsupported attribute '"
            + a.name() + "'");
      }
    }
    return new OnnxRnnAttributes(direction, hidden, activations, alpha, beta, clip, linearBeforeReset,
        inputForget);
  }

  private static OnnxAttribute expect(String file, OnnxNode node, OnnxAttribute a, OnnxAttribute.Type type)
      throws WeightsException {
    if (a.type() != type) {
      throw new WeightsException(file + ": " + node.describe() + " attribute '" + a.name() + "' is "
          + a.type() + ", expected " + type);
    }
    return a;
  }

  private static int intValue(String file, OnnxNode node, OnnxAttribute a, int min) throws WeightsException {
    long v = expect(file, node, a, OnnxAttribute.Type.INT).i();
    if (v < min || v > Integer.MAX_VALUE) {
      throw new WeightsException(file + ": " + node.describe() + " attribute " + a.describe()
          + " is out of range");
    }
    return (int) v;
  }

  /** The converters' float tensor, or null. */
  static Tensor tensor(OnnxTensor t) throws WeightsException {
    return t == null ? null : new Tensor(t.name(), t.type().describe(), t.dims(), t.toFloats());
  }
}
