package dev.unroll.weights.onnx;

import java.util.List;
import java.util.Locale;

/**
 * The attributes of an ONNX RNN, GRU or LSTM node that shape the math. {@code layout} is left out on
 * purpose: it only changes how X and Y are laid out, which is the caller's business.
 *
 * @param direction forward, reverse or bidirectional
 * @param hiddenSize 0 when absent (then taken from R's last dimension)
 * @param activations as written in the node, forward functions first; empty for the defaults
 * @param activationAlpha {@code activation_alpha}, empty when absent
 * @param activationBeta {@code activation_beta}, empty when absent
 * @param clip NaN when absent
 * @param linearBeforeReset GRU only; 0 when absent
 * @param inputForget LSTM only; 0 when absent
 */
public record OnnxRnnAttributes(
    Direction direction,
    int hiddenSize,
    List<String> activations,
    List<Float> activationAlpha,
    List<Float> activationBeta,
    float clip,
    int linearBeforeReset,
    int inputForget) {

  /** ONNX's {@code direction} attribute. */
  public enum Direction {
    FORWARD,
    REVERSE,
    BIDIRECTIONAL;

    /** Parses the attribute's string value ({@code "forward"}, {@code "reverse"}, {@code "bidirectional"}). */
    public static Direction parse(String value) {
      for (Direction d : values()) {
        if (d.name().toLowerCase(Locale.ROOT).equals(value)) {
          return d;
        }
      }
      throw new IllegalArgumentException(
          "direction '" + value + "': expected forward, reverse or bidirectional");
    }

    public int count() {
      return this == BIDIRECTIONAL ? 2 : 1;
    }
  }

  public OnnxRnnAttributes {
    activations = List.copyOf(activations);
    activationAlpha = List.copyOf(activationAlpha);
    activationBeta = List.copyOf(activationBeta);
  }

  /** Every attribute absent: a forward node with the operator's defaults. */
  public static final OnnxRnnAttributes DEFAULT =
      new OnnxRnnAttributes(Direction.FORWARD, 0, List.of(), List.of(), List.of(), Float.NaN, 0, 0);

  public OnnxRnnAttributes withDirection(Direction d) {
    return new OnnxRnnAttributes(d, hiddenSize, activations, activationAlpha, activationBeta, clip,
        linearBeforeReset, inputForget);
  }
}
