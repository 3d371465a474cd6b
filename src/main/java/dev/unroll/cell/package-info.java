/**
 * The recurrent cells, as immutable weight records in one canonical layout, and the kernels that step
 * them over the live rows of a mini-batch.
 *
 * <p>Layout: input kernels are {@code inputSize × gates·units} and recurrent kernels
 * {@code stateSize × gates·units}, row-major ("in × out", TensorFlow's orientation), with gate blocks
 * side by side in the canonical order: LSTM {@code i, f, g, o}; GRU {@code z, r, n}; simple RNN one
 * block. Every bias that can be summed is summed into {@code bias}; TensorFlow's {@code forget_bias} is
 * already folded in. Loaders convert each framework's layout into this one. A kernel's state, step input
 * and gates are in its Gemm's row tiles ({@link dev.unroll.math.RowTiles}). No I/O, no Spark.
 */
package dev.unroll.cell;
