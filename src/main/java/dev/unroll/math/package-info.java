/**
 * Dense single-precision kernels: {@link dev.unroll.math.Gemm} (C += A·B, and a cell's
 * pre-activation C = bias + [x | h]·B, with B packed once), with
 * {@link dev.unroll.math.ReferenceGemm} (plain loops, the baseline), {@link dev.unroll.math.TiledGemm}
 * (cache-tiled, jdk.incubator.vector) and {@link dev.unroll.math.ScalarGemm} (its fallback), chosen
 * once by {@link dev.unroll.math.Gemms#preferred()}; and the activations, applied in place by
 * {@link dev.unroll.math.Activations} (vectorised sigmoid and tanh when the module is present).
 *
 * <p>Matrices are {@code float[]} with an explicit offset: row-major with a leading dimension, or in
 * a Gemm's {@link dev.unroll.math.RowTiles} layout (tiles of rows, column after column inside a tile),
 * the layout the cells' state lives in. Only TiledGemm, TileTranspose and VectorActivations name
 * {@code jdk.incubator.vector}, and they are loaded only after the module was found. Nothing here does
 * I/O or imports Spark or Hadoop.
 */
package dev.unroll.math;
