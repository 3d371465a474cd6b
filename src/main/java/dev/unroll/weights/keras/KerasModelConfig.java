package dev.unroll.weights.keras;

import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Keras model configuration (the JSON in a legacy {@code .h5} file's {@code model_config} attribute
 * or a {@code .keras} archive's {@code config.json}) as the list of layers unroll can run: a
 * {@code Sequential} model of {@code Embedding}, {@code SimpleRNN}, {@code LSTM}, {@code GRU} and
 * {@code Bidirectional} layers (plus {@code InputLayer}, {@code Dropout} and {@code Masking}, which do
 * nothing at inference on sequences scored at their true lengths), or a {@code Functional} model whose
 * layers form that same single chain. Anything else is refused by name.
 */
final class KerasModelConfig {
  private KerasModelConfig() {}

  static final Set<String> RECURRENT = Set.of("SimpleRNN", "LSTM", "GRU");
  private static final Set<String> PASS_THROUGH = Set.of("InputLayer", "Dropout", "Masking");

  /**
   * One layer of the model.
   *
   * @param className e.g. {@code LSTM}, {@code Bidirectional}, {@code Embedding}
   * @param config the layer's {@code config} object
   * @param inner for {@code Bidirectional}: the wrapped layer's class and config
   */
  record LayerSpec(String className, String name, Map<String, Object> config, LayerSpec inner) {
    boolean isRecurrent() {
      return RECURRENT.contains(className) || className.equals("Bidirectional");
    }

    boolean returnSequences() {
      return Boolean.TRUE.equals((inner != null ? inner : this).config.get("return_sequences"));
    }
  }

  /** Every layer of the model, in order, pass-through layers included. */
  static List<LayerSpec> layers(String file, String json) throws WeightsException {
    Map<String, Object> root = object(file, JsonReader.parse(file + " model config", json), "model config");
    String cls = String.valueOf(root.get("class_name"));
    boolean functional = cls.equals("Functional") || cls.equals("Model");
    if (!cls.equals("Sequential") && !functional) {
      throw new WeightsException(file + ": model class '" + cls + "' is not supported; unroll reads"
          + " Sequential models, and Functional models that are one chain, of Embedding, SimpleRNN, LSTM,"
          + " GRU and Bidirectional layers");
    }
    Map<String, Object> config = object(file, root.get("config"), "model config");
    Object layers = config.get("layers");
    if (!(layers instanceof List<?> list)) {
      throw new WeightsException(file + ": the model config has no 'layers' list");
    }
    List<LayerSpec> out = new ArrayList<>();
    String previous = null;
    for (Object o : list) {
      Map<String, Object> layer = object(file, o, "layer");
      LayerSpec spec = spec(file, layer);
      if (functional) {
        String name = String.valueOf(layer.getOrDefault("name", spec.name()));
        List<String> inbound = inboundLayers(file, name, layer.get("inbound_nodes"));
        List<String> expected = previous == null ? List.of() : List.of(previous);
        if (!inbound.equals(expected)) {
          throw new WeightsException(file + ": layer '" + name + "' takes its input from " + inbound
              + "; unroll reads Functional models only when each layer takes the previous one's output"
              + (previous == null ? "" : " ('" + previous + "')"));
        }
        previous = name;
      }
      out.add(spec);
    }
    check(file, out);
    return out;
  }

  /**
   * The layers a Functional model's layer reads from: Keras 2 writes {@code inbound_nodes} as
   * {@code [[[name, node, tensor, kwargs], ...]]}, Keras 3 as
   * {@code [{"args": [{"config": {"keras_history": [name, node, tensor]}}], "kwargs": {...}}]}.
   */
  private static List<String> inboundLayers(String file, String layer, Object nodes) throws WeightsException {
    List<String> out = new ArrayList<>();
    if (!(nodes instanceof List<?> calls) || calls.isEmpty()) {
      return out;
    }
    if (calls.size() != 1) {
      throw new WeightsException(file + ": layer '" + layer + "' is called " + calls.size()
          + " times (shared layer); not supported");
    }
    Object call = calls.get(0);
    if (call instanceof List<?> tensors) {
      for (Object t : tensors) {
        if (t instanceof List<?> ref && !ref.isEmpty()) {
          out.add(String.valueOf(ref.get(0)));
        }
      }
    } else if (call instanceof Map<?, ?> keras3 && keras3.get("args") instanceof List<?> args) {
      for (Object a : args) {
        if (a instanceof Map<?, ?> t && t.get("config") instanceof Map<?, ?> c
            && c.get("keras_history") instanceof List<?> h && !h.isEmpty()) {
          out.add(String.valueOf(h.get(0)));
        } else {
          throw new WeightsException(file + ": layer '" + layer + "' takes an argument that is not one"
              + " tensor: " + a);
        }
      }
    } else {
      throw new WeightsException(file + ": layer '" + layer + "' has inbound_nodes in an unknown form");
    }
    return out;
  }

  private static LayerSpec spec(String file, Map<String, Object> layer) throws WeightsException {
    String cls = String.valueOf(layer.get("class_name"));
    Map<String, Object> config = object(file, layer.get("config"), "config of a " + cls + " layer");
    String name = String.valueOf(config.getOrDefault("name", cls));
    LayerSpec inner = null;
    if (cls.equals("Bidirectional")) {
      inner = spec(file, object(file, config.get("layer"), "Bidirectional layer '" + name + "' inner layer"));
      if (!RECURRENT.contains(inner.className())) {
        throw new WeightsException(file + ": Bidirectional layer '" + name + "' wraps a " + inner.className()
            + "; expected SimpleRNN, LSTM or GRU");
      }
      Object merge = config.getOrDefault("merge_mode", "concat");
      if (!"concat".equals(merge)) {
        throw new WeightsException(file + ": Bidirectional layer '" + name + "' has merge_mode " + merge
            + "; only 'concat' is supported");
      }
      Object backward = config.get("backward_layer");
      if (backward != null) {
        LayerSpec b = spec(file, object(file, backward, "backward_layer"));
        for (String key : List.of("units", "activation", "recurrent_activation", "reset_after", "use_bias")) {
          if (!java.util.Objects.equals(b.config().get(key), inner.config().get(key))) {
            throw new WeightsException(file + ": Bidirectional layer '" + name + "' has a backward layer whose "
                + key + " (" + b.config().get(key) + ") differs from the forward one ("
                + inner.config().get(key) + "); not supported");
          }
        }
      }
    } else if (!RECURRENT.contains(cls) && !PASS_THROUGH.contains(cls) && !cls.equals("Embedding")) {
      throw new WeightsException(file + ": layer '" + name + "' is a " + cls + ", which unroll does not run;"
          + " it reads Sequential models of Embedding, SimpleRNN, LSTM, GRU and Bidirectional layers only");
    }
    return new LayerSpec(cls, name, config, inner);
  }

  /** Order rules: Embedding first; only the top recurrent layer may drop its sequence output. */
  private static void check(String file, List<LayerSpec> layers) throws WeightsException {
    List<LayerSpec> weighted = layers.stream().filter(l -> !PASS_THROUGH.contains(l.className())).toList();
    if (weighted.stream().noneMatch(LayerSpec::isRecurrent)) {
      throw new WeightsException(file + ": the model has no SimpleRNN, LSTM, GRU or Bidirectional layer");
    }
    for (int k = 0; k < weighted.size(); k++) {
      LayerSpec l = weighted.get(k);
      boolean last = k == weighted.size() - 1;
      if (l.className().equals("Embedding") && k != 0) {
        throw new WeightsException(file + ": Embedding layer '" + l.name() + "' must come first");
      }
      if (l.isRecurrent() && !last && !l.returnSequences()) {
        throw new WeightsException(file + ": layer '" + l.name() + "' has return_sequences=false but feeds"
            + " layer '" + weighted.get(k + 1).name() + "'; only the top layer may return its last output only");
      }
      if (l.isRecurrent() && !last && l.inner() == null && Boolean.TRUE.equals(l.config().get("go_backwards"))) {
        throw new WeightsException(file + ": layer '" + l.name() + "' has go_backwards=true and feeds layer '"
            + weighted.get(k + 1).name() + "'; Keras hands the next layer that sequence reversed, which"
            + " unroll's layers do not model");
      }
      if (!last && weighted.get(k + 1).className().equals("Embedding")) {
        throw new WeightsException(file + ": Embedding layer '" + weighted.get(k + 1).name() + "' must come first");
      }
    }
  }

  /** Keras's {@code to_snake_case}: {@code SimpleRNN} → {@code simple_rnn}, {@code GRU} → {@code gru}. */
  static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String file, Object o, String what) throws WeightsException {
    if (!(o instanceof Map)) {
      throw new WeightsException(file + ": " + what + " is not a JSON object");
    }
    return (Map<String, Object>) o;
  }
}
