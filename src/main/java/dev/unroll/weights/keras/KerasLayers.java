package dev.unroll.weights.keras;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.model.ActivationNames;
import dev.unroll.model.Layer;
import dev.unroll.weights.Tensor;
import java.util.Locale;

/**
 * Keras {@code SimpleRNN}, {@code LSTM} and {@code GRU} weights ({@code kernel [I, G·H]},
 * {@code recurrent_kernel [H, G·H]}, {@code bias}) and configuration as cells and layers.
 *
 * <p>Keras already stores "in × out" with our gate orders (LSTM i, f, c, o; GRU z, r, h), so only the
 * biases and activations need work: a {@code reset_after=True} GRU's bias is {@code [2, 3H]} (input row,
 * recurrent row) and its candidate's recurrent bias stays apart; {@code hard_sigmoid} means
 * {@code clip(0.2·x + 0.5, 0, 1)} in Keras 2 and {@code clip(x/6 + 0.5, 0, 1)} in Keras 3.
 *
 * <p>{@code go_backwards=True} becomes a backward-only layer, whose output at step t is the one for input
 * step t. Keras returns such a layer's sequence output in reversed order; this matters only when
 * another layer consumes that sequence (inside {@code Bidirectional} Keras reverses it back, as here).
 */
public final class KerasLayers {
  private KerasLayers() {}

  /** The three Keras recurrent layer classes. */
  public enum Kind {
    SIMPLE_RNN(1),
    LSTM(4),
    GRU(3);

    final int gates;

    Kind(int gates) {
      this.gates = gates;
    }
  }

  /**
   * The configuration fields that change the math.
   *
   * @param activation {@code activation} (e.g. {@code tanh})
   * @param recurrentActivation {@code recurrent_activation}; ignored for SimpleRNN
   * @param kerasMajorVersion 2 or 3: picks the meaning of {@code hard_sigmoid}
   * @param goBackwards {@code go_backwards}
   * @param resetAfter GRU's {@code reset_after}; ignored for the others
   */
  public record Config(String activation, String recurrentActivation, int kerasMajorVersion,
      boolean goBackwards, boolean resetAfter) {

    /** Keras 3 defaults: tanh, sigmoid, forward, reset_after=True. */
    public static Config defaults(int kerasMajorVersion) {
      return new Config("tanh", "sigmoid", kerasMajorVersion, false, true);
    }
  }

  /**
   * One layer's cell.
   *
   * @param layer names the layer in messages
   * @param bias null for {@code use_bias=False}
   */
  public static Cell cell(String layer, Kind kind, Config config, Tensor kernel, Tensor recurrentKernel,
      Tensor bias) {
    String what = "Keras " + kind + " layer '" + layer + "'";
    if (kernel.rank() != 2 || kernel.dim(1) % kind.gates != 0) {
      throw new IllegalArgumentException(what + ": kernel " + kernel.describe() + " should be [input, "
          + kind.gates + "·units]");
    }
    int input = kernel.dim(0);
    int units = kernel.dim(1) / kind.gates;
    int width = kind.gates * units;
    recurrentKernel.requireShape(what, units, width);
    float[] b;
    float[] candidateBias = null;
    boolean resetAfter = kind == Kind.GRU && config.resetAfter();
    if (resetAfter) {
      // row 0 is the input bias, row 1 the recurrent one; r multiplies the recurrent candidate bias
      b = new float[width];
      candidateBias = new float[units];
      if (bias != null) {
        float[] v = bias.requireShape(what + " (reset_after=True)", 2, width).values();
        for (int j = 0; j < width; j++) {
          b[j] = j < 2 * units ? v[j] + v[width + j] : v[j];
        }
        System.arraycopy(v, width + 2 * units, candidateBias, 0, units);
      }
    } else {
      b = bias == null ? new float[width]
          : bias.requireShape(what + (kind == Kind.GRU ? " (reset_after=False)" : ""), width).values();
    }
    Activation act = activation(what, "activation", config.activation(), config.kerasMajorVersion());
    return switch (kind) {
      case SIMPLE_RNN -> new SimpleRnnCell(input, units, kernel.values(), recurrentKernel.values(), b, act,
          Float.NaN);
      case LSTM -> new LstmCell(input, units, 0, kernel.values(), recurrentKernel.values(), b, null, null,
          new LstmCell.Options(recurrent(what, config), act, act, Float.NaN, Float.NaN, Float.NaN));
      case GRU -> new GruCell(input, units, kernel.values(), recurrentKernel.values(), b, candidateBias,
          resetAfter, recurrent(what, config), act, Float.NaN);
    };
  }

  /** One layer, run backwards when {@code go_backwards} is set. */
  public static Layer layer(String layer, Kind kind, Config config, Tensor kernel, Tensor recurrentKernel,
      Tensor bias) {
    Cell cell = cell(layer, kind, config, kernel, recurrentKernel, bias);
    return config.goBackwards() ? Layer.backwardOnly(cell) : Layer.of(cell);
  }

  /** {@code Bidirectional(layer)} with {@code merge_mode="concat"}: forward output, then backward. */
  public static Layer bidirectional(Cell forward, Cell backward) {
    return Layer.bidirectional(forward, backward);
  }

  private static Activation recurrent(String what, Config config) {
    return activation(what, "recurrent_activation", config.recurrentActivation(), config.kerasMajorVersion());
  }

  /** A Keras activation name, {@code hard_sigmoid} resolved by Keras major version. */
  static Activation activation(String what, String field, String name, int kerasMajorVersion) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("hard_sigmoid")) {
      return switch (kerasMajorVersion) {
        case 1, 2 -> new Activation(Activation.Kind.HARD_SIGMOID, 0.2f, 0.5f);
        case 3 -> new Activation(Activation.Kind.HARD_SIGMOID, 1f / 6f, 0.5f);
        default -> throw new IllegalArgumentException(what + ": hard_sigmoid depends on the Keras version"
            + " (2: 0.2·x + 0.5, 3: x/6 + 0.5); unknown major version " + kerasMajorVersion);
      };
    }
    if (n.equals("softplus")) {
      return Activation.of(Activation.Kind.SOFTPLUS);
    }
    try {
      return ActivationNames.fromTensorFlowName(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + field + " '" + name + "' is not supported ("
          + e.getMessage() + ", hard_sigmoid, softplus)", e);
    }
  }
}
