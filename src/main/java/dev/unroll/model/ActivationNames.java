package dev.unroll.model;

import dev.unroll.math.Activation;
import java.util.Locale;

/**
 * The activations TensorFlow and Keras name in a cell's {@code activation} argument, for the
 * {@code --activation} option and the Keras loader; {@link Activation} itself knows only functions.
 */
public final class ActivationNames {
  private ActivationNames() {}

  /**
   * The activation a TensorFlow or Keras configuration names ({@code tanh}, {@code relu},
   * {@code sigmoid}, {@code linear}, {@code elu}, {@code softsign}, {@code relu6}).
   */
  public static Activation fromTensorFlowName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "tanh":
        return Activation.TANH;
      case "sigmoid":
        return Activation.SIGMOID;
      case "relu":
        return Activation.RELU;
      case "linear":
      case "identity":
        return Activation.IDENTITY;
      case "elu":
        return Activation.ELU;
      case "softsign":
        return Activation.SOFTSIGN;
      case "relu6":
        return Activation.RELU6;
      default:
        throw new IllegalArgumentException(
            "unknown activation '" + name
                + "': expected one of tanh, sigmoid, relu, linear, elu, softsign, relu6");
    }
  }
}
