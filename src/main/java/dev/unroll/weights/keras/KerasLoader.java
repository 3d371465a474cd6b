package dev.unroll.weights.keras;

import dev.unroll.cell.Cell;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.Provenance;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a Keras model's configuration and weights, read by {@link KerasH5} (legacy {@code .h5}) or
 * {@link KerasArchive} ({@code .keras}), into an {@link RnnModel} through {@link KerasLayers}.
 *
 * <p>The layer configuration is what the file says; the defaults that changed between Keras versions
 * ({@code recurrent_activation}, {@code reset_after}) are never guessed: a config without them is
 * refused. {@code hard_sigmoid} is resolved by the file's Keras major version.
 */
public final class KerasLoader {
  private KerasLoader() {}

  /**
   * @param embedding the {@code Embedding} table {@code [vocabulary, features]} that turns token ids into
   *     the model's input rows, or null when the model takes feature vectors
   * @param kerasVersion as the file records it, e.g. {@code 2.15.0}
   * @param returnsSequences whether the top layer returns its output at every step
   */
  public record Result(LoadedModel loaded, Tensor embedding, String kerasVersion, boolean returnsSequences) {}

  /** One layer's weights as the file lists them. */
  record LayerWeights(KerasModelConfig.LayerSpec spec, List<Tensor> tensors) {}

  static Result build(String file, String format, String kerasVersion, List<LayerWeights> layers,
      String sha256) throws WeightsException {
    int major = majorVersion(kerasVersion);
    List<Layer> rnn = new ArrayList<>();
    List<Tensor> used = new ArrayList<>();
    Tensor embedding = null;
    boolean returnsSequences = false;
    for (LayerWeights lw : layers) {
      KerasModelConfig.LayerSpec spec = lw.spec();
      List<Tensor> t = lw.tensors();
      used.addAll(t);
      String what = file + ": layer '" + spec.name() + "'";
      try {
        if (spec.className().equals("Embedding")) {
          if (t.size() != 1 || t.get(0).rank() != 2) {
            throw new WeightsException(what + " (Embedding) should hold one [vocabulary, features] table, found "
                + describe(t));
          }
          embedding = t.get(0);
          continue;
        }
        KerasModelConfig.LayerSpec cellSpec = spec.inner() != null ? spec.inner() : spec;
        KerasLayers.Kind kind = kind(cellSpec.className());
        KerasLayers.Config config = config(what, cellSpec, major);
        boolean bias = !Boolean.FALSE.equals(cellSpec.config().get("use_bias"));
        int per = bias ? 3 : 2;
        int directions = spec.inner() != null ? 2 : 1;
        if (t.size() != per * directions) {
          throw new WeightsException(what + " should hold " + per * directions + " weights (kernel, recurrent_kernel"
              + (bias ? ", bias" : "") + (directions == 2 ? " for each direction" : "") + "), found " + describe(t));
        }
        if (directions == 2) {
          Cell forward = KerasLayers.cell(spec.name() + " forward", kind, config, t.get(0), t.get(1),
              bias ? t.get(2) : null);
          Cell backward = KerasLayers.cell(spec.name() + " backward", kind, config, t.get(per), t.get(per + 1),
              bias ? t.get(per + 2) : null);
          rnn.add(KerasLayers.bidirectional(forward, backward));
        } else {
          rnn.add(KerasLayers.layer(spec.name(), kind, config, t.get(0), t.get(1), bias ? t.get(2) : null));
        }
        returnsSequences = spec.returnSequences();
      } catch (IllegalArgumentException e) {
        throw new WeightsException(what + ": " + e.getMessage(), e);
      }
    }
    RnnModel model;
    try {
      model = new RnnModel(rnn);
    } catch (IllegalArgumentException e) {
      throw new WeightsException(file + ": the layers do not stack: " + e.getMessage(), e);
    }
    if (embedding != null && embedding.dim(1) != model.inputSize()) {
      throw new WeightsException(file + ": the Embedding table " + embedding.describe() + " gives "
          + embedding.dim(1) + " features but the first recurrent layer takes " + model.inputSize());
    }
    return new Result(new LoadedModel(model, Provenance.of(file, format, sha256, used)), embedding,
        kerasVersion, returnsSequences);
  }

  private static String describe(List<Tensor> t) {
    return t.stream().map(Tensor::describe).toList().toString();
  }

  private static KerasLayers.Kind kind(String className) {
    return switch (className) {
      case "SimpleRNN" -> KerasLayers.Kind.SIMPLE_RNN;
      case "LSTM" -> KerasLayers.Kind.LSTM;
      default -> KerasLayers.Kind.GRU;
    };
  }

  /** The configuration fields that change the math, each required where Keras's default changed. */
  private static KerasLayers.Config config(String what, KerasModelConfig.LayerSpec spec, int major)
      throws WeightsException {
    Map<String, Object> c = spec.config();
    String activation = string(what, c, "activation");
    String recurrent = spec.className().equals("SimpleRNN") ? "sigmoid" : string(what, c, "recurrent_activation");
    boolean resetAfter = false;
    if (spec.className().equals("GRU")) {
      Object r = c.get("reset_after");
      if (!(r instanceof Boolean b)) {
        throw new WeightsException(what + ": GRU config has no reset_after; its default changed between Keras"
            + " versions (False in Keras 2.2/TF 1.x, True since), so it must be in the file");
      }
      resetAfter = b;
    }
    boolean goBackwards = Boolean.TRUE.equals(c.get("go_backwards"));
    return new KerasLayers.Config(activation, recurrent, major, goBackwards, resetAfter);
  }

  private static String string(String what, Map<String, Object> c, String key) throws WeightsException {
    Object v = c.get(key);
    if (!(v instanceof String s)) {
      throw new WeightsException(what + ": config has no " + key + " (found " + v + "); its default depends on"
          + " the Keras version, so it must be in the file");
    }
    return s;
  }

  /** 2 for {@code 2.15.0}; 0 when unknown (then {@code hard_sigmoid} is refused). */
  static int majorVersion(String version) {
    if (version == null) {
      return 0;
    }
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version.trim() : version.substring(0, dot).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
