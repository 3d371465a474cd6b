/**
 * Weight loaders: one per file format, each mapping the framework's tensors into the cell records of
 * {@link dev.unroll.cell}, with a provenance record.
 *
 * <p>{@link dev.unroll.weights.load.Models#load} is the entry point. Loaders reach bytes only through
 * {@link dev.unroll.weights.WeightSource} (local files here; the Spark side implements it over Hadoop
 * file systems), read tensors into {@link dev.unroll.weights.Tensor} (float32, row-major) and build
 * cells from names and shapes ({@link dev.unroll.weights.tensorflow.TensorFlowModels} for TensorFlow v1 names).
 * Formats that describe their own model are read by {@link dev.unroll.weights.onnx.OnnxLoader} (a
 * hand-written protobuf decoder, {@link dev.unroll.weights.codec.ProtobufReader}, and the graph's chain of
 * RNN/GRU/LSTM nodes), {@link dev.unroll.weights.keras.KerasH5} and {@link dev.unroll.weights.keras.KerasArchive}
 * (through the pure-Java HDF5 reader jhdf), and PyTorch state_dicts in npz or safetensors files.
 * TensorFlow checkpoints' index tables and bundle entries go through the same protobuf decoder.
 *
 * <p>The layout converters ({@link dev.unroll.weights.onnx.OnnxLayers}, {@link dev.unroll.weights.torch.TorchLayers},
 * {@link dev.unroll.weights.keras.KerasLayers}) do no I/O: they take {@link dev.unroll.weights.Tensor}s a loader
 * has already read (shape outermost first, C order) and move gate blocks into the canonical layout.
 *
 * <p>Loaders read files only (on the driver) and import nothing from Spark or Hadoop; every error is a
 * {@link dev.unroll.weights.WeightsException} naming the file and the tensor, what was expected and
 * what was found. No size read from a file is trusted before it is checked against the file's size.
 */
package dev.unroll.weights;
