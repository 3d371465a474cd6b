package dev.unroll.cli;

import dev.unroll.math.Activation;
import dev.unroll.model.ActivationNames;
import dev.unroll.model.ModelHints.CellType;
import dev.unroll.model.ModelHints;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * What the user says about a model that its weights file may not say (TF v1 checkpoints store
 * neither forget_bias nor the activation): a picocli {@link Mixin} shared by every command that loads
 * weights. Each option left out means "infer it from the file"; a value that contradicts the file is
 * an error from the loader that shows both.
 */
public final class ModelOptions {
  /** The command this mixin is part of, for usage errors. */
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--cell", order = 11, paramLabel = "TYPE", converter = CellTypeConverter.class,
      description = "TF v1 cell: basic_rnn, basic_lstm, lstm or gru. Default: inferred from the names.")
  CellType cell;

  @Option(names = "--units", order = 12, paramLabel = "N",
      description = "Units per cell, checked against the weights.")
  Integer units;

  @Option(names = "--activation", order = 13, paramLabel = "NAME", converter = ActivationConverter.class,
      description = "Cell activation: tanh, relu, sigmoid, linear, elu, softsign, relu6. Default: tanh.")
  Activation activation;

  @Option(names = "--forget-bias", order = 14, paramLabel = "F",
      description = "TF v1 LSTM forget_bias. Default: 1.0.")
  Float forgetBias;

  @Option(names = "--cell-clip", order = 15, paramLabel = "F",
      description = "TF LSTMCell cell_clip. Default: none.")
  Float cellClip;

  @Option(names = "--proj-clip", order = 16, paramLabel = "F",
      description = "TF LSTMCell proj_clip. Default: none.")
  Float projClip;

  @Option(names = "--scope", order = 17, paramLabel = "PREFIX",
      description = "Variable scope of the RNN to load when the file holds several (e.g. encoder).")
  String scope;

  @Option(names = "--layers", order = 18, paramLabel = "N",
      description = "Expected cells stacked per direction, checked against the weights.")
  Integer layers;

  @Option(names = "--direction", order = 19, paramLabel = "forward|bidirectional",
      description = "Expected direction, checked against the weights (the same flag as score's). "
          + "Default: inferred.")
  String direction;

  /**
   * The hints these options give.
   *
   * @throws ParameterException naming the flag when a number is out of range
   */
  public ModelHints hints() {
    requirePositive("--units", units);
    requirePositive("--layers", layers);
    requirePositive("--cell-clip", cellClip);
    requirePositive("--proj-clip", projClip);
    if (forgetBias != null && !Float.isFinite(forgetBias)) {
      throw usage("--forget-bias must be a finite number, found " + forgetBias);
    }
    return new ModelHints(cell, units, activation, forgetBias, cellClip, projClip, layers, bidirectional(),
        scope == null || scope.isEmpty() ? null : stripSlashes(scope));
  }

  private Boolean bidirectional() {
    if (direction == null) {
      return null;
    }
    return switch (direction.trim().toLowerCase(Locale.ROOT)) {
      case "forward" -> false;
      case "bidirectional" -> true;
      default -> throw usage("--direction must be forward or bidirectional, found " + direction);
    };
  }

  private void requirePositive(String flag, Number value) {
    if (value != null && !(value.doubleValue() > 0 && Double.isFinite(value.doubleValue()))) {
      throw usage(flag + " must be a positive number, found " + value);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** {@code encoder/} and {@code encoder} name the same scope. */
  private static String stripSlashes(String scope) {
    String s = scope;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** {@code basic_lstm} to {@link CellType#BASIC_LSTM}, naming the accepted values when it fails. */
  static final class CellTypeConverter implements ITypeConverter<CellType> {
    @Override
    public CellType convert(String value) {
      try {
        return CellType.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "unknown cell '" + value + "': expected one of basic_rnn, basic_lstm, lstm, gru");
      }
    }
  }

  /** An activation by its TensorFlow name. */
  static final class ActivationConverter implements ITypeConverter<Activation> {
    @Override
    public Activation convert(String value) {
      try {
        return ActivationNames.fromTensorFlowName(value.trim());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
