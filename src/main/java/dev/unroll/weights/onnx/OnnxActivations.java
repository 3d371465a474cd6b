package dev.unroll.weights.onnx;

import dev.unroll.math.Activation.Kind;
import dev.unroll.math.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves an ONNX RNN/LSTM/GRU node's {@code activations}, {@code activation_alpha} and
 * {@code activation_beta} into {@link Activation}s, one list per direction.
 *
 * <p>The ONNX spec consumes alphas and betas in the order of the functions (forward ones first), each
 * function taking only the parameters it uses, and gives a missing one "the corresponding operator's
 * default". ONNX Runtime 1.23 does that for LSTM and GRU but defaults ThresholdedRelu, Affine's alpha
 * and ScaledTanh to 0; its RNN operator instead takes {@code alpha[direction]} and defaults every
 * missing value to 0. Where the spec and ONNX Runtime would compute different numbers, this class
 * refuses the node and asks for explicit values rather than pick one silently.
 */
final class OnnxActivations {
  private OnnxActivations() {}

  /** One ONNX activation: its kind, the parameters it uses, and their defaults. */
  private enum Function {
    RELU("Relu", Kind.RELU, 0, Float.NaN, Float.NaN, 0f, 0f),
    TANH("Tanh", Kind.TANH, 0, Float.NaN, Float.NaN, 0f, 0f),
    SIGMOID("Sigmoid", Kind.SIGMOID, 0, Float.NaN, Float.NaN, 0f, 0f),
    AFFINE("Affine", Kind.AFFINE, 2, 1f, 0f, 0f, 0f),
    LEAKY_RELU("LeakyRelu", Kind.LEAKY_RELU, 1, 0.01f, Float.NaN, 0.01f, 0f),
    THRESHOLDED_RELU("ThresholdedRelu", Kind.THRESHOLDED_RELU, 1, 1f, Float.NaN, 0f, 0f),
    SCALED_TANH("ScaledTanh", Kind.SCALED_TANH, 2, Float.NaN, Float.NaN, 0f, 0f),
    HARD_SIGMOID("HardSigmoid", Kind.HARD_SIGMOID, 2, 0.2f, 0.5f, 0.2f, 0.5f),
    ELU("Elu", Kind.ELU, 1, 1f, Float.NaN, 1f, 0f),
    SOFTSIGN("Softsign", Kind.SOFTSIGN, 0, Float.NaN, Float.NaN, 0f, 0f),
    SOFTPLUS("Softplus", Kind.SOFTPLUS, 0, Float.NaN, Float.NaN, 0f, 0f);

    final String onnxName;
    final Kind kind;
    /** 0: none, 1: alpha, 2: alpha and beta. */
    final int parameters;
    /** The spec's defaults (the standalone operators'); NaN where the spec gives none. */
    final float specAlpha;
    final float specBeta;
    /** ONNX Runtime's defaults. */
    final float ortAlpha;
    final float ortBeta;

    Function(String onnxName, Kind kind, int parameters, float specAlpha, float specBeta, float ortAlpha,
        float ortBeta) {
      this.onnxName = onnxName;
      this.kind = kind;
      this.parameters = parameters;
      this.specAlpha = specAlpha;
      this.specBeta = specBeta;
      this.ortAlpha = ortAlpha;
      this.ortBeta = ortBeta;
    }

    static Function named(String node, String name) {
      for (Function f : values()) {
        if (f.onnxName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      List<String> known = new ArrayList<>();
      for (Function f : values()) {
        known.add(f.onnxName);
      }
      throw new IllegalArgumentException(
          node + ": unknown activation '" + name + "'; ONNX allows " + String.join(", ", known));
    }
  }

  /**
   * The activations of each direction.
   *
   * @param node names the node in messages, e.g. {@code LSTM node 'lstm_1'}
   * @param perDirection functions per direction: RNN 1, GRU 2, LSTM 3
   * @param defaults the operator's default functions for one direction
   * @param indexByDirection true for ONNX Runtime's RNN operator rule (see the class comment)
   */
  static List<List<Activation>> resolve(String node, int directions, int perDirection,
      List<String> defaults, List<String> names, List<Float> alphas, List<Float> betas,
      boolean indexByDirection) {
    List<String> all = new ArrayList<>();
    if (names.isEmpty()) {
      for (int d = 0; d < directions; d++) {
        all.addAll(defaults);
      }
    } else if (names.size() == perDirection * directions) {
      all.addAll(names);
    } else if (indexByDirection && directions == 1 && names.size() == 2) {
      // the RNN schema's own default lists two functions; ONNX Runtime takes the first
      all.add(names.get(0));
    } else {
      throw new IllegalArgumentException(
          node + ": activations should list " + perDirection * directions + " functions ("
              + perDirection + " per direction, forward first), found " + names.size() + ": " + names);
    }
    int nextAlpha = 0;
    int nextBeta = 0;
    List<List<Activation>> result = new ArrayList<>();
    for (int d = 0; d < directions; d++) {
      List<Activation> direction = new ArrayList<>();
      for (int k = 0; k < perDirection; k++) {
        int index = d * perDirection + k;
        Function f = Function.named(node, all.get(index));
        float alpha = 0f;
        float beta = 0f;
        if (f.parameters >= 1) {
          alpha = pick(node, f, "activation_alpha", alphas, nextAlpha++, f.specAlpha, f.ortAlpha,
              indexByDirection ? d : -1);
        }
        if (f.parameters >= 2) {
          beta = pick(node, f, "activation_beta", betas, nextBeta++, f.specBeta, f.ortBeta,
              indexByDirection ? d : -1);
        }
        direction.add(new Activation(f.kind, alpha, beta));
      }
      result.add(List.copyOf(direction));
    }
    return List.copyOf(result);
  }

  /**
   * The parameter at {@code specIndex} (the spec's consumption order), or the default; refuses when
   * ONNX Runtime would use another value ({@code ortIndex} >= 0 is the RNN operator's index).
   */
  private static float pick(String node, Function f, String attribute, List<Float> values,
      int specIndex, float specDefault, float ortDefault, int ortIndex) {
    int ortAt = ortIndex >= 0 ? ortIndex : specIndex;
    float spec = specIndex < values.size() ? values.get(specIndex) : specDefault;
    float ort = ortAt < values.size() ? values.get(ortAt) : ortDefault;
    if (ortIndex >= 0 && ortAt >= values.size()) {
      ort = 0f; // ONNX Runtime's RNN operator defaults every parameter to 0
    }
    if (Float.isNaN(spec) || Float.compare(spec, ort) != 0) {
      throw new IllegalArgumentException(
          node + ": " + f.onnxName + " needs an explicit value in " + attribute + " at position "
              + specIndex + " (" + values.size() + " given): the ONNX spec would use "
              + (Float.isNaN(spec) ? "no default" : spec) + " and ONNX Runtime " + ort);
    }
    return spec;
  }
}
