/**
 * Dense single-precision kernels: {@link dev.unroll.math.Gemm} (C += A·B with B packed once) and the
 * activations the cells use.
 *
 * <p>Matrices are row-major {@code float[]} with an explicit offset and leading dimension. Nothing here
 * does I/O or imports Spark or Hadoop.
 */
package dev.unroll.math;
