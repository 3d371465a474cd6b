/**
 * Byte codecs the loaders share: {@link dev.unroll.weights.codec.ProtobufReader} (the one protobuf
 * decoder, for ONNX models and TensorFlow checkpoints), {@link dev.unroll.weights.codec.JsonReader},
 * {@link dev.unroll.weights.codec.ZipArchive} (the one ZIP reader: npz and Keras archives),
 * {@link dev.unroll.weights.codec.Snappy}, {@link dev.unroll.weights.codec.MaskedCrc32c} and
 * {@link dev.unroll.weights.codec.HalfFloats}.
 *
 * <p>Each works on bytes already in memory and checks every length it reads against the bytes that
 * remain. They know no tensor or framework: they import only {@link dev.unroll.weights} (its
 * exception and byte reads), never a format package above them.
 */
package dev.unroll.weights.codec;
