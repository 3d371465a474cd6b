package dev.unroll.weights.torch;

import dev.unroll.model.ModelHints;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.FrameworkHints;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Provenance;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.WeightsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** A PyTorch {@code nn.RNN/LSTM/GRU} state_dict, read from an npz or safetensors file, as a model. */
public final class TorchStateDicts {
  private TorchStateDicts() {}

  /** Whether the tensors are a PyTorch RNN module's state_dict ({@code ...weight_ih_l0}). */
  public static boolean isTorchStateDict(NamedTensors tensors) {
    return tensors.names().stream().anyMatch(n -> n.endsWith("weight_ih_l0"));
  }

  /**
   * The model of the state_dict through {@link TorchLayers}. {@code hints.scope()} picks the module (e.g.
   * {@code encoder.lstm}) when the file holds several; {@code activation} is nn.RNN's nonlinearity,
   * which the file does not store.
   */
  public static LoadedModel load(TensorFile file, ModelHints hints) throws WeightsException {
    String where = file.source();
    TreeSet<String> prefixes = new TreeSet<>();
    for (String n : file.tensors().names()) {
      if (n.endsWith("weight_ih_l0")) {
        prefixes.add(n.substring(0, n.length() - "weight_ih_l0".length()));
      }
    }
    String prefix;
    if (hints.scope() != null) {
      prefix = hints.scope().isEmpty() || hints.scope().endsWith(".") ? hints.scope() : hints.scope() + ".";
      if (!prefixes.contains(prefix)) {
        throw new WeightsException(where + ": no PyTorch RNN module '" + hints.scope() + "'; the file holds "
            + prefixes.stream().map(p -> p.isEmpty() ? "(no prefix)" : p).toList());
      }
    } else if (prefixes.size() == 1) {
      prefix = prefixes.first();
    } else {
      throw new WeightsException(where + ": the file holds several PyTorch RNN modules " + prefixes
          + "; name one with the scope hint");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Tensor t : file.tensors().all()) {
      if (t.name().startsWith(prefix) && !t.name().substring(prefix.length()).contains(".")) {
        tensors.put(t.name(), t);
      }
    }
    RnnModel model;
    try {
      model = TorchLayers.fromStateDict(tensors, prefix, hints.activation());
    } catch (IllegalArgumentException e) {
      throw new WeightsException(where + ": " + e.getMessage(), e);
    }
    FrameworkHints.check(where, model, hints, true);
    return new LoadedModel(model,
        Provenance.of(where, file.format() + " (PyTorch state_dict)", file.sha256(), tensors.values()));
  }
}
