package dev.unroll.model;

import dev.unroll.cell.Cell;
import java.util.List;

/**
 * One layer: a stack of cells run forward and, for a bidirectional layer, a second stack run over each
 * sequence's valid steps reversed. The layer's output at a step is the top forward output followed by
 * the top backward output.
 *
 * <p>A stack usually holds one cell (Keras, PyTorch and ONNX stack whole bidirectional layers); TF v1's
 * {@code bidirectional_dynamic_rnn} over two MultiRNNCells stacks within each direction instead.
 */
public record Layer(List<Cell> forward, List<Cell> backward) implements java.io.Serializable {

  public Layer {
    forward = List.copyOf(forward);
    backward = List.copyOf(backward);
    if (forward.isEmpty()) {
      throw new IllegalArgumentException("a layer needs at least one forward cell");
    }
    checkStack("forward", forward);
    checkStack("backward", backward);
    if (!backward.isEmpty() && backward.get(0).inputSize() != forward.get(0).inputSize()) {
      throw new IllegalArgumentException(
          "forward and backward cells take different input sizes: " + forward.get(0).inputSize()
              + " and " + backward.get(0).inputSize());
    }
  }

  public static Layer of(Cell cell) {
    return new Layer(List.of(cell), List.of());
  }

  public static Layer bidirectional(Cell forward, Cell backward) {
    return new Layer(List.of(forward), List.of(backward));
  }

  private static void checkStack(String direction, List<Cell> cells) {
    for (int k = 1; k < cells.size(); k++) {
      if (cells.get(k).inputSize() != cells.get(k - 1).outputSize()) {
        throw new IllegalArgumentException(
            direction + " cell " + k + " takes input " + cells.get(k).inputSize()
                + " but cell " + (k - 1) + " outputs " + cells.get(k - 1).outputSize());
      }
    }
  }

  public boolean isBidirectional() {
    return !backward.isEmpty();
  }

  public int inputSize() {
    return forward.get(0).inputSize();
  }

  public int outputSize() {
    int size = forward.get(forward.size() - 1).outputSize();
    return isBidirectional() ? size + backward.get(backward.size() - 1).outputSize() : size;
  }

  /** The cells of one direction: 0 forward, 1 backward. */
  public List<Cell> direction(int d) {
    return d == 0 ? forward : backward;
  }

  public int directions() {
    return isBidirectional() ? 2 : 1;
  }
}
