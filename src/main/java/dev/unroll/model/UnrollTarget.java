package dev.unroll.model;

import java.util.List;

/**
 * Where {@link Unroller#unrollInto} writes its results: the caller's own buffers, so that an unroll
 * allocates nothing and each final state is copied once, from the working state to where it is kept.
 *
 * <p>Sequence {@code i} of the batch owns row {@code rows[i]} of {@code states} ({@code rowWidth} floats a
 * row); each {@link Part} puts one cell's final h or c at its column of that row. When {@code outputs} is
 * not null the top layer's output at every valid step goes there, laid out like the input: sequence
 * {@code i}'s steps at {@code outputs[starts[i] * outputWidth ..]}, the batch's own starts.
 *
 * @param rows the row of each sequence of the batch; may be longer than the batch and reused
 */
public record UnrollTarget(float[] states, int rowWidth, int[] rows, List<Part> parts, float[] outputs) {

  /**
   * Cell {@code slot}'s final h (or c, when {@code cellState}) goes to columns {@code column ..} of the
   * sequence's row.
   */
  public record Part(int slot, boolean cellState, int column) {}

  public UnrollTarget {
    parts = List.copyOf(parts);
  }
}
