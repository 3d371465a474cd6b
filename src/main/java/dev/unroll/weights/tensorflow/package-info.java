/**
 * TensorFlow: checkpoints ({@link dev.unroll.weights.tensorflow.Checkpoints}: the {@code .index} table,
 * data shards, SavedModel variables and their object graph) and TF v1 RNN cells built from variable
 * names and shapes ({@link dev.unroll.weights.tensorflow.TensorFlowModels},
 * {@link dev.unroll.weights.tensorflow.TensorFlowNames}, {@link dev.unroll.weights.tensorflow.TensorFlowCells}),
 * from any container that holds such names (checkpoints, npz, safetensors).
 *
 * <p>Imports {@link dev.unroll.weights}, {@code weights.codec} and the numeric core; no other format
 * package.
 */
package dev.unroll.weights.tensorflow;
