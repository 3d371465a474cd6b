/**
 * ONNX models whose graph is a stack of {@code RNN}, {@code GRU} or {@code LSTM} nodes:
 * {@link dev.unroll.weights.onnx.OnnxLoader} parses the ModelProto by hand
 * ({@link dev.unroll.weights.onnx.OnnxProtoParser}, over the shared protobuf decoder), reads external
 * data from the model's folder only, finds the chain of recurrent nodes
 * ({@link dev.unroll.weights.onnx.OnnxRecurrentStack}) and converts each node's gate layout
 * ({@link dev.unroll.weights.onnx.OnnxLayers}, no I/O).
 *
 * <p>Imports {@link dev.unroll.weights}, {@code weights.codec} and the numeric core; no other format
 * package.
 */
package dev.unroll.weights.onnx;
