/**
 * JMH benchmarks of the hot path against the engines a user would otherwise pick (ONNX Runtime,
 * TensorFlow's kernels, breeze's netlib BLAS), on the issue-4 workloads; one thread each. Run them all
 * with {@code jobs/benchmark-kernel.sh}, which prints the table {@link dev.unroll.bench.BenchTable}
 * makes.
 */
package dev.unroll.bench;
