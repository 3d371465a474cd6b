/**
 * Weight loaders: one per file format, each mapping the framework's tensors into the cell records of
 * {@link dev.unroll.cell}, with a provenance record.
 *
 * <p>The layout converters ({@link dev.unroll.weights.OnnxLayers}, {@link dev.unroll.weights.TorchLayers},
 * {@link dev.unroll.weights.KerasLayers}) do no I/O: they take {@link dev.unroll.weights.Tensor}s a loader
 * has already read (shape outermost first, C order) and move gate blocks into the canonical layout.
 *
 * <p>Loaders read files only (on the driver) and import nothing from Spark; every error names the file
 * and the tensor, what was expected and what was found.
 */
package dev.unroll.weights;
