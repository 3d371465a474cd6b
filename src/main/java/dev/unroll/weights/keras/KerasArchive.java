package dev.unroll.weights.keras;

import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.JsonReader;
import dev.unroll.weights.codec.ZipArchive;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras 3 {@code .keras} archive (weight-formats.md 4.3): a ZIP holding {@code metadata.json}
 * ({@code keras_version}), {@code config.json} and {@code model.weights.h5}, which is read in memory.
 * Each layer's variables are at {@code layers/<snake_case class>[_n]/vars/0..N} (for recurrent layers
 * under {@code cell/}; for {@code Bidirectional} under {@code forward_layer/cell} and
 * {@code backward_layer/cell}), numbered in creation order and sorted numerically, not by name.
 */
public final class KerasArchive {
  private KerasArchive() {}

  public static KerasLoader.Result load(String file, byte[] bytes) throws IOException {
    Map<String, byte[]> entries = entries(file, bytes);
    for (String required : List.of("config.json", "metadata.json", "model.weights.h5")) {
      if (!entries.containsKey(required)) {
        throw new WeightsException(file + ": the archive has no " + required + " (entries: " + entries.keySet()
            + ")" + (required.equals("model.weights.h5") && entries.containsKey("model.weights.npz")
                ? "; weights saved as npz are not supported" : ""));
      }
    }
    Map<String, Object> metadata = KerasModelConfig.object(file,
        JsonReader.parse(file + " metadata.json", utf8(entries.get("metadata.json"))), "metadata.json");
    String version = metadata.get("keras_version") instanceof String s ? s : null;
    List<KerasModelConfig.LayerSpec> specs =
        KerasModelConfig.layers(file + " config.json", utf8(entries.get("config.json")));
    String weightsFile = file + "!model.weights.h5";
    List<KerasLoader.LayerWeights> layers = new ArrayList<>();
    try (HdfFile hdf = HdfFile.fromBytes(entries.get("model.weights.h5"))) {
      Node layersNode = hdf.getChild("layers");
      if (!(layersNode instanceof Group root)) {
        throw new WeightsException(weightsFile + ": no 'layers' group (files from Keras 2.13-2.15 use"
            + " '_layer_checkpoint_dependencies', which is not supported)");
      }
      Map<String, Integer> used = new HashMap<>();
      for (KerasModelConfig.LayerSpec spec : specs) {
        if (spec.className().equals("InputLayer")) {
          continue; // Sequential.layers leaves the input layer out, so the saver never names it
        }
        String base = KerasModelConfig.snakeCase(spec.className());
        int n = used.merge(base, 1, Integer::sum) - 1;
        String path = n == 0 ? base : base + "_" + n;
        if (!spec.isRecurrent() && !spec.className().equals("Embedding")) {
          continue; // Dropout, Masking: no variables
        }
        Node layerNode = root.getChild(path);
        if (!(layerNode instanceof Group group)) {
          throw new WeightsException(weightsFile + ": no group layers/" + path + " for layer '" + spec.name()
              + "' (" + spec.className() + ")");
        }
        List<Tensor> tensors = new ArrayList<>();
        if (spec.className().equals("Embedding")) {
          tensors.addAll(vars(weightsFile, group, "layers/" + path));
        } else if (spec.inner() != null) {
          tensors.addAll(vars(weightsFile, group(weightsFile, group, "forward_layer/cell"),
              "layers/" + path + "/forward_layer/cell"));
          tensors.addAll(vars(weightsFile, group(weightsFile, group, "backward_layer/cell"),
              "layers/" + path + "/backward_layer/cell"));
        } else {
          tensors.addAll(vars(weightsFile, group(weightsFile, group, "cell"), "layers/" + path + "/cell"));
        }
        layers.add(new KerasLoader.LayerWeights(spec, tensors));
      }
    } catch (RuntimeException e) {
      throw KerasH5.unreadable(weightsFile, e);
    }
    return KerasLoader.build(file, "keras", version, layers, SourceBytes.sha256(bytes));
  }

  private static Group group(String file, Group parent, String path) throws WeightsException {
    Node n = parent.getByPath(path);
    if (!(n instanceof Group g)) {
      throw new WeightsException(file + ": no group " + parent.getPath() + path);
    }
    return g;
  }

  /** The datasets of {@code group/vars}, in numeric order of their names {@code 0, 1, ...}. */
  static List<Tensor> vars(String file, Group group, String path) throws WeightsException {
    Node v = group.getChild("vars");
    if (!(v instanceof Group vars)) {
      throw new WeightsException(file + ": no group " + path + "/vars");
    }
    Map<String, Node> children = vars.getChildren();
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Node n = children.get(Integer.toString(i));
      if (!(n instanceof Dataset d)) {
        throw new WeightsException(file + ": " + path + "/vars holds " + children.keySet()
            + "; expected datasets named 0.." + (children.size() - 1));
      }
      out.add(KerasH5.tensor(file, d, path + "/vars/" + i));
    }
    return out;
  }

  /** Every file in the ZIP by name, through the one checked ZIP reader. */
  static Map<String, byte[]> entries(String file, byte[] zip) throws WeightsException {
    if (zip.length < 4 || zip[0] != 'P' || zip[1] != 'K') {
      throw new WeightsException(file + ": not a ZIP archive (a .keras file is one)");
    }
    return new ZipArchive(file, zip).files();
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
