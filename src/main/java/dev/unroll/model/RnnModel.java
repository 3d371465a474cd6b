package dev.unroll.model;

import dev.unroll.cell.Cell;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied in turn, each taking the previous layer's output sequence.
 *
 * <p>Cells are numbered in <em>slot order</em>: layer by layer, forward before backward, bottom of a
 * stack first. Initial and final states are given in that order.
 */
public record RnnModel(List<Layer> layers) {

  /** Where a cell sits in the model. */
  public record Slot(int layer, int direction, int depth, Cell cell) {
    /** e.g. {@code layer 1 backward cell 0}. */
    public String describe() {
      return "layer " + layer + (direction == 0 ? " forward" : " backward") + " cell " + depth;
    }
  }

  public RnnModel {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one layer");
    }
    for (int l = 1; l < layers.size(); l++) {
      if (layers.get(l).inputSize() != layers.get(l - 1).outputSize()) {
        throw new IllegalArgumentException(
            "layer " + l + " takes input " + layers.get(l).inputSize() + " but layer " + (l - 1)
                + " outputs " + layers.get(l - 1).outputSize());
      }
    }
  }

  public static RnnModel of(Layer... layers) {
    return new RnnModel(List.of(layers));
  }

  public int inputSize() {
    return layers.get(0).inputSize();
  }

  /** Width of the top layer's output at one step. */
  public int outputSize() {
    return layers.get(layers.size() - 1).outputSize();
  }

  public List<Slot> slots() {
    List<Slot> slots = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      for (int d = 0; d < 2; d++) {
        List<Cell> cells = layer.direction(d);
        for (int k = 0; k < cells.size(); k++) {
          slots.add(new Slot(l, d, k, cells.get(k)));
        }
      }
    }
    return slots;
  }

  public long parameterCount() {
    return slots().stream().mapToLong(s -> s.cell().parameterCount()).sum();
  }

  /** Several lines: one per cell, with its slot. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    for (Slot slot : slots()) {
      s.append(slot.describe()).append(": ").append(slot.cell().describe()).append('\n');
    }
    return s.append("parameters: ").append(parameterCount()).toString();
  }
}
