package dev.unroll.math;

import java.util.Locale;

/**
 * An element-wise activation with its parameters. {@code alpha} and {@code beta} mean what ONNX's
 * RNN operators say they mean for each function; functions without parameters ignore them.
 */
public record Activation(Kind kind, float alpha, float beta) implements java.io.Serializable {

  /** The functions TensorFlow, Keras, PyTorch and ONNX recurrent layers can name. */
  public enum Kind {
    TANH,
    SIGMOID,
    RELU,
    IDENTITY,
    ELU,
    SOFTSIGN,
    RELU6,
    /** {@code clip(alpha·x + beta, 0, 1)}: Keras 2 and ONNX use 0.2, 0.5; Keras 3 uses 1/6, 0.5. */
    HARD_SIGMOID,
    LEAKY_RELU,
    THRESHOLDED_RELU,
    SCALED_TANH,
    AFFINE,
    SOFTPLUS
  }

  public static final Activation TANH = of(Kind.TANH);
  public static final Activation SIGMOID = of(Kind.SIGMOID);
  public static final Activation RELU = of(Kind.RELU);
  public static final Activation IDENTITY = of(Kind.IDENTITY);
  public static final Activation ELU = new Activation(Kind.ELU, 1f, 0f);
  public static final Activation SOFTSIGN = of(Kind.SOFTSIGN);
  public static final Activation RELU6 = of(Kind.RELU6);

  public static Activation of(Kind kind) {
    return new Activation(kind, 0f, 0f);
  }

  /** The lower-case name used in flags and logs, with parameters where they matter. */
  public String describe() {
    String base = kind.name().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case HARD_SIGMOID, SCALED_TANH, AFFINE -> base + "(" + alpha + ", " + beta + ")";
      case ELU, LEAKY_RELU, THRESHOLDED_RELU -> base + "(" + alpha + ")";
      default -> base;
    };
  }

  public float apply(float x) {
    switch (kind) {
      case TANH:
        return (float) Math.tanh(x);
      case SIGMOID:
        return (float) (1.0 / (1.0 + Math.exp(-x)));
      case RELU:
        return x > 0f ? x : 0f;
      case IDENTITY:
        return x;
      case ELU:
        return x > 0f ? x : (float) (alpha * Math.expm1(x));
      case SOFTSIGN:
        return x / (1f + Math.abs(x));
      case RELU6:
        return Math.min(Math.max(x, 0f), 6f);
      case HARD_SIGMOID:
        return Math.min(Math.max(alpha * x + beta, 0f), 1f);
      case LEAKY_RELU:
        return x >= 0f ? x : alpha * x;
      case THRESHOLDED_RELU:
        return x > alpha ? x : 0f;
      case SCALED_TANH:
        return (float) (alpha * Math.tanh(beta * x));
      case AFFINE:
        return alpha * x + beta;
      case SOFTPLUS:
        return (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs((double) x))));
      default:
        throw new AssertionError(kind);
    }
  }

  /** Applies the function in place to {@code v[offset .. offset+length)}. */
  public void applyInPlace(float[] v, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      v[i] = apply(v[i]);
    }
  }
}
