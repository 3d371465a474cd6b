/**
 * Our cells and unroll checked against TensorFlow's own C++ kernels (TensorFlow Java, test scope):
 * BasicRNNCell as MatMul + BiasAdd + activation, the fused LSTMBlockCell and GRUBlockCell ops,
 * LSTMCell's projection graph op by op, stepped with TF v1 {@code dynamic_rnn}, {@code MultiRNNCell}
 * and {@code bidirectional_dynamic_rnn} semantics. Every output and final state must agree within
 * 1e-5 (float32).
 *
 * <p>Weights are in TensorFlow's own layout ({@link dev.unroll.reference.tensorflow.TfWeights}), so
 * our {@code fromTensorFlow} conversions are under test too.
 */
package dev.unroll.reference.tensorflow;
