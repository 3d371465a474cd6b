package dev.unroll.model;

import dev.unroll.math.Activation;

/**
 * What the user says about a model that its weights file may not say by itself (TF v1 checkpoints do
 * not store forget_bias or the activation, for example). A null field means "infer it from the file";
 * a value that contradicts the file is an error that shows both.
 *
 * @param cell the TensorFlow v1 cell type the variables belong to; null to infer from names
 * @param units expected units per cell, checked against the shapes
 * @param activation the cell activation (TF v1 cells, PyTorch's RNN nonlinearity); null for the
 *     framework's default (tanh)
 * @param forgetBias TF v1 LSTM forget_bias; null for TensorFlow's default 1.0
 * @param cellClip TF LSTMCell cell_clip; null for none
 * @param projClip TF LSTMCell proj_clip; null for none
 * @param layers expected number of cells stacked in one direction, bottom to top (a MultiRNNCell's
 *     depth); checked against the file
 * @param bidirectional expected direction: true for a bidirectional model; checked against the file
 * @param scope the variable-scope prefix of the model to load (e.g. {@code encoder}) when the file
 *     holds more than one RNN; null to require exactly one
 */
public record ModelHints(
    CellType cell,
    Integer units,
    Activation activation,
    Float forgetBias,
    Float cellClip,
    Float projClip,
    Integer layers,
    Boolean bidirectional,
    String scope) {

  /** TensorFlow v1's RNN cell classes. */
  public enum CellType {
    BASIC_RNN,
    BASIC_LSTM,
    LSTM,
    GRU
  }

  public static final ModelHints NONE =
      new ModelHints(null, null, null, null, null, null, null, null, null);

  /** The hints about the cells only; layers, direction and scope inferred. */
  public ModelHints(
      CellType cell, Integer units, Activation activation, Float forgetBias, Float cellClip, Float projClip) {
    this(cell, units, activation, forgetBias, cellClip, projClip, null, null, null);
  }
}
