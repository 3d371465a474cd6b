/**
 * Weight loaders: one per file format, each mapping the framework's tensors into the cell records of
 * {@link dev.unroll.cell}, with a provenance record.
 *
 * <p>Loaders read files only (on the driver) and import nothing from Spark; every error names the file
 * and the tensor, what was expected and what was found.
 */
package dev.unroll.weights;
