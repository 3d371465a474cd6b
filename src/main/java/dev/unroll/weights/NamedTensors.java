package dev.unroll.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tensors of one weights file by name, in file order, with the file they came from so every
 * error can name it.
 */
public final class NamedTensors {
  private final String source;
  private final Map<String, Tensor> tensors;

  public NamedTensors(String source, List<Tensor> tensors) throws WeightsException {
    this.source = source;
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      if (map.put(t.name(), t) != null) {
        throw new WeightsException(source + ": tensor '" + t.name() + "' appears twice");
      }
    }
    this.tensors = Collections.unmodifiableMap(map);
  }

  /** The file (URI or path) the tensors were read from. */
  public String source() {
    return source;
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  public List<Tensor> all() {
    return new ArrayList<>(tensors.values());
  }

  public int size() {
    return tensors.size();
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Optional<Tensor> find(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /**
   * The tensor {@code name}, which must have {@code expectedShape}.
   *
   * @throws WeightsException naming the file, the tensor, the expected and the found shape (or the
   *     tensors that do exist, when it is missing)
   */
  public Tensor require(String name, long... expectedShape) throws WeightsException {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new WeightsException(
          source + ": tensor '" + name + "' is missing; the file holds " + tensors.keySet());
    }
    if (!t.hasShape(expectedShape)) {
      throw new WeightsException(
          source + ": tensor '" + name + "' should have shape " + Tensor.shapeString(expectedShape)
              + ", found " + Tensor.shapeString(t.shape()));
    }
    return t;
  }

  /** One line per tensor: {@code name dtype [shape]}. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (Tensor t : tensors.values()) {
      lines.add(t.describe());
    }
    return lines;
  }
}
