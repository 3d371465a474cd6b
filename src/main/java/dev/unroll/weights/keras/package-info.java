/**
 * Keras files: HDF5 {@code .h5} ({@link dev.unroll.weights.keras.KerasH5}, through the pure-Java reader
 * jhdf) and Keras 3 {@code .keras} archives ({@link dev.unroll.weights.keras.KerasArchive}, through the
 * checked ZIP reader), their model config ({@link dev.unroll.weights.keras.KerasModelConfig}) and the
 * conversion of each recurrent layer into cells ({@link dev.unroll.weights.keras.KerasLayers}, no I/O).
 *
 * <p>Imports {@link dev.unroll.weights}, {@code weights.codec} and the numeric core; no other format
 * package.
 */
package dev.unroll.weights.keras;
