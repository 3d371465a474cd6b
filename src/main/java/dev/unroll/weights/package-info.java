/**
 * The loaders' shared vocabulary: {@link dev.unroll.weights.Tensor} (float32, row-major, shape
 * outermost first), {@link dev.unroll.weights.NamedTensors} and {@link dev.unroll.weights.TensorFile}
 * (a file's tensors with its format and SHA-256), {@link dev.unroll.weights.WeightSource} (the only way
 * a loader reaches bytes: local files here, Hadoop file systems in {@code dev.unroll.hadoop}) with
 * {@link dev.unroll.weights.SourceBytes}, {@link dev.unroll.weights.LoadedModel} and
 * {@link dev.unroll.weights.Provenance} (what a loader returns), {@link dev.unroll.weights.GateBlocks}
 * (moving gate blocks into the cells' canonical layout), {@link dev.unroll.weights.FrameworkHints} and
 * {@link dev.unroll.weights.WeightsException}, the one error of every loader, which names the file and
 * the tensor, what was expected and what was found.
 *
 * <p>The loaders sit in sub-packages, bottom to top: {@code codec} (byte formats), {@code arrays}
 * (npy, npz, safetensors), then one package per framework ({@code tensorflow}, {@code onnx},
 * {@code keras}, {@code torch}), then {@code load}, the one entry point, which tells formats apart.
 * This package imports none of them, nor Spark or Hadoop; no size read from a file is trusted before it
 * is checked against the file's size.
 */
package dev.unroll.weights;
