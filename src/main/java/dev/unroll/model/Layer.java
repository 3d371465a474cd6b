package dev.unroll.model;

import dev.unroll.cell.Cell;
import java.util.List;

/**
 * One layer: a stack of cells run forward and, for a bidirectional layer, a second stack run over each
 * sequence's valid steps reversed. The layer's output at a step is the top forward output followed by
 * the top backward output.
 *
 * <p>Either stack may be empty, not both: a layer with only a backward stack runs each sequence
 * reversed (ONNX {@code direction="reverse"}, Keras {@code go_backwards=True}); its output at step t
 * is still the one for input step t, as in a bidirectional layer.
 *
 * <p>A stack usually holds one cell (Keras, PyTorch and ONNX stack whole bidirectional layers); TF v1's
 * {@code bidirectional_dynamic_rnn} over two MultiRNNCells stacks within each direction instead.
 */
public record Layer(List<Cell> forward, List<Cell> backward) {

  public Layer {
    forward = List.copyOf(forward);
    backward = List.copyOf(backward);
    if (forward.isEmpty() && backward.isEmpty()) {
      throw new IllegalArgumentException("a layer needs at least one cell, forward or backward");
    }
    checkStack("forward", forward);
    checkStack("backward", backward);
    if (!backward.isEmpty() && !forward.isEmpty()
        && backward.get(0).inputSize() != forward.get(0).inputSize()) {
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

  /** A layer that only runs each sequence's valid steps reversed. */
  public static Layer backwardOnly(Cell cell) {
    return new Layer(List.of(), List.of(cell));
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
    return !forward.isEmpty() && !backward.isEmpty();
  }

  public int inputSize() {
    return (forward.isEmpty() ? backward : forward).get(0).inputSize();
  }

  public int outputSize() {
    return topOutputSize(forward) + topOutputSize(backward);
  }

  private static int topOutputSize(List<Cell> stack) {
    return stack.isEmpty() ? 0 : stack.get(stack.size() - 1).outputSize();
  }

  /** The cells of one direction: 0 forward, 1 backward; empty if the layer does not run it. */
  public List<Cell> direction(int d) {
    return d == 0 ? forward : backward;
  }

  /**
   * How many directions run (1 or 2). To visit them, take {@code direction(0)} and
   * {@code direction(1)} and skip an empty one.
   */
  public int directions() {
    return (forward.isEmpty() ? 0 : 1) + (backward.isEmpty() ? 0 : 1);
  }
}
