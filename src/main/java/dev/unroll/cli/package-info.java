/**
 * The command line (picocli): one class per command under {@link dev.unroll.cli.UnrollCommand}, the
 * only place that wires configuration, weight loading and the Spark job together. {@code unroll score}
 * runs a job ({@code --demo}: the bundled demo, on the data of {@code dev.unroll.demo});
 * {@code inspect} lists a weights file; {@code verify} checks a model against expected outputs (the
 * comparison itself lives in {@code dev.unroll.verify}). Files named by a URI are read through
 * {@code dev.unroll.hadoop}.
 */
package dev.unroll.cli;
