/**
 * A model as layers of cell stacks, forward and optionally backward, and the unroll of a mini-batch of
 * sequences of different lengths with TensorFlow {@code dynamic_rnn} semantics.
 *
 * <p>Sequences come in and results go out as row-major {@code float[]}, each sequence
 * {@code length × width}: one after another, or read in place at offsets into the caller's buffer
 * ({@link dev.unroll.model.SequenceBatch#starts()}), with final states and outputs written straight
 * into the caller's rows ({@link dev.unroll.model.UnrollTarget}). Inside, a batch is held packed:
 * longest sequence first, time-major, only valid steps, so each step touches just the rows still
 * running. No I/O, no Spark.
 *
 * <p>{@link dev.unroll.model.ModelHints} is what the user says about a model (cell type, units,
 * activation, ...) where the weights file is silent: the configuration builds it, the loaders check
 * the file against it, and neither has to import the other.
 */
package dev.unroll.model;
