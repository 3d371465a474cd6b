package dev.unroll.weights.keras;

import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A legacy Keras HDF5 file ({@code model.save("m.h5")}; weight-formats.md 4.2) through jhdf: the root
 * attributes {@code keras_version} and {@code model_config}, the weights group {@code model_weights}
 * with its {@code layer_names}, and each layer group's {@code weight_names}, read in that order. Both
 * attributes may be split into {@code name0, name1, ...} when large, as Keras does.
 */
public final class KerasH5 {
  private KerasH5() {}

  public static KerasLoader.Result load(String file, byte[] bytes) throws WeightsException {
    String version;
    List<KerasLoader.LayerWeights> layers = new ArrayList<>();
    try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
      version = stringAttribute(hdf, "keras_version");
      String config = stringAttribute(hdf, "model_config");
      if (config == null) {
        throw new WeightsException(file + ": no model_config attribute (a weights-only file); unroll needs"
            + " the full model saved with model.save(...) to know each layer's configuration");
      }
      Node weightsNode = hdf.getChild("model_weights");
      if (!(weightsNode instanceof Group weights)) {
        throw new WeightsException(file + ": no model_weights group");
      }
      if (version == null) {
        version = stringAttribute(weights, "keras_version");
      }
      List<KerasModelConfig.LayerSpec> specs = KerasModelConfig.layers(file, config);
      List<String> layerNames = strings(file, weights, "layer_names");
      for (KerasModelConfig.LayerSpec spec : specs) {
        if (!layerNames.contains(spec.name())) {
          if (spec.className().equals("InputLayer") || spec.className().equals("Dropout")
              || spec.className().equals("Masking")) {
            continue;
          }
          throw new WeightsException(file + ": layer '" + spec.name() + "' of the config is not in"
              + " model_weights' layer_names " + layerNames);
        }
        Node layerNode = weights.getChild(spec.name());
        if (!(layerNode instanceof Group group)) {
          throw new WeightsException(file + ": model_weights has no group for layer '" + spec.name() + "'");
        }
        List<Tensor> tensors = new ArrayList<>();
        List<String> names = strings(file, group, "weight_names");
        for (String name : names) {
          tensors.add(dataset(file, group, name));
        }
        checkNames(file, spec, names);
        if (tensors.isEmpty() && !spec.isRecurrent() && !spec.className().equals("Embedding")) {
          continue; // Dropout, Masking: listed, but without weights
        }
        layers.add(new KerasLoader.LayerWeights(spec, tensors));
      }
    } catch (RuntimeException e) {
      throw unreadable(file, e);
    }
    return KerasLoader.build(file, "keras-h5", version, layers, SourceBytes.sha256(bytes));
  }

  /**
   * jhdf reports a damaged file with whatever its parser trips on (HdfException, but also
   * ArithmeticException, BufferUnderflowException, IndexOutOfBoundsException, ...), so every runtime
   * exception from reading the HDF5 tree is the file's fault.
   */
  static WeightsException unreadable(String file, RuntimeException e) {
    return new WeightsException(file + ": not a readable HDF5 file: " + reason(e), e);
  }

  /** An exception's message, or its class's name when it has none (as jhdf's NullPointerExceptions). */
  static String reason(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Cross-checks the documented order kernel, recurrent_kernel, bias (per direction) by suffix. */
  private static void checkNames(String file, KerasModelConfig.LayerSpec spec, List<String> names)
      throws WeightsException {
    if (!spec.isRecurrent()) {
      return;
    }
    List<String> expected = List.of("kernel", "recurrent_kernel", "bias");
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      String last = n.substring(n.lastIndexOf('/') + 1);
      if (last.endsWith(":0")) {
        last = last.substring(0, last.length() - 2);
      }
      String want = expected.get(i % expected.size());
      if (!last.equals(want)) {
        throw new WeightsException(file + ": layer '" + spec.name() + "' weight " + i + " is '" + n
            + "'; expected its name to end in '" + want + "' (Keras order kernel, recurrent_kernel, bias)");
      }
    }
  }

  static Tensor dataset(String file, Group group, String path) throws WeightsException {
    Node node = group.getByPath(path);
    if (!(node instanceof Dataset d)) {
      throw new WeightsException(file + ": '" + group.getPath() + path + "' is not a dataset");
    }
    return tensor(file, d, group.getPath() + path);
  }

  /** A float32 or float64 dataset as a float tensor. */
  static Tensor tensor(String file, Dataset d, String name) throws WeightsException {
    Object flat = d.isScalar() ? new float[] {((Number) d.getData()).floatValue()} : d.getDataFlat();
    float[] values;
    String dtype = "float32";
    if (flat instanceof float[] f) {
      values = f;
    } else if (flat instanceof double[] v) {
      dtype = "float64";
      values = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        values[i] = (float) v[i];
      }
    } else {
      throw new WeightsException(file + ": dataset '" + name + "' holds " + d.getJavaType()
          + " values; expected float32 or float64");
    }
    long[] shape = java.util.Arrays.stream(d.getDimensions()).asLongStream().toArray();
    return new Tensor(name.startsWith("/") ? name.substring(1) : name, dtype, shape, values);
  }

  /** A scalar string attribute, or null when absent. */
  private static String stringAttribute(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a == null) {
      return null;
    }
    Object v = a.getData();
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof String[] s && s.length == 1) {
      return s[0];
    }
    return String.valueOf(v);
  }

  /** A string-array attribute, joined from its chunks {@code name0, name1, ...} if split. */
  static List<String> strings(String file, Node node, String name) throws WeightsException {
    List<String> out = new ArrayList<>();
    Attribute whole = node.getAttribute(name);
    if (whole != null) {
      addAll(file, node, name, whole, out);
      return out;
    }
    for (int chunk = 0; ; chunk++) {
      Attribute part = node.getAttribute(name + chunk);
      if (part == null) {
        if (chunk == 0) {
          throw new WeightsException(file + ": '" + node.getPath() + "' has no attribute " + name + " (nor "
              + name + "0, " + name + "1, ...)");
        }
        return out;
      }
      addAll(file, node, name + chunk, part, out);
    }
  }

  private static void addAll(String file, Node node, String name, Attribute a, List<String> out)
      throws WeightsException {
    Object v = a.getData();
    if (v instanceof String[] s) {
      out.addAll(Arrays.asList(s));
    } else if (v instanceof String s) {
      out.add(s);
    } else {
      throw new WeightsException(file + ": attribute " + name + " of '" + node.getPath() + "' is "
          + (v == null ? "empty" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT))
          + ", expected strings");
    }
  }
}
