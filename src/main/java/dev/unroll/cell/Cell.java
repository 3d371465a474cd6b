package dev.unroll.cell;

import dev.unroll.math.Gemm;

/**
 * One recurrent cell's weights and configuration, in the canonical layout of this package. Serializable
 * (records: deserialising runs the validating constructor) so a model can be broadcast to executors.
 */
public sealed interface Cell extends java.io.Serializable permits SimpleRnnCell, LstmCell, GruCell {

  int inputSize();

  int units();

  /** Width of the output and of the h state (the projection size for a projected LSTM). */
  int outputSize();

  /** Width of the c state; 0 for cells that have none. */
  int cellStateSize();

  long parameterCount();

  /** One line for logs and {@code inspect}: type, sizes and options. */
  String describe();

  /** Packs the weights for {@code gemm}; the result is immutable and may be shared by threads. */
  CellKernel prepare(Gemm gemm);
}
