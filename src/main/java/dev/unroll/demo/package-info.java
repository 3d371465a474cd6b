/**
 * Data for the demo and the end-to-end benchmark: {@link dev.unroll.demo.DemoData} (the demo's
 * sequences, three of them deliberately bad), {@link dev.unroll.demo.BenchmarkData} (the benchmark's
 * input and weights, run by {@code jobs/benchmark.sh}), {@link dev.unroll.demo.TfLstmWeights} (seeded TF
 * v1 BasicLSTMCell weights) and {@link dev.unroll.demo.NpzWriter}.
 *
 * <p>Generators only: they write files through Spark's own writers and import no other project
 * package, so nothing on the scoring path depends on them.
 */
package dev.unroll.demo;
