package dev.unroll.config;

/** Something the job can write for each row besides its id and pass-through columns. */
public enum Emit {
  /** Final state of the top layer: {@code h}, and {@code c} for an LSTM (forward then backward). */
  STATE,
  /** Final {@code h} (and {@code c}) of every cell, columns named by slot, e.g. {@code l0_fw0_h}. */
  ALL_STATES,
  /** The top layer's output at every valid step: {@code outputs array<array<float>>}. */
  OUTPUTS,
  /** The top layer's outputs averaged over valid steps: {@code mean}; null for an empty sequence. */
  MEAN,
  /** The top layer's outputs' element-wise maximum over valid steps: {@code max}; null when empty. */
  MAX
}
