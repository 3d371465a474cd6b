/**
 * The command line (picocli): one class per command, the only place that wires configuration, weight
 * loading and the Spark job together. {@code unroll score} runs a job; {@code unroll score --demo}
 * scores the bundled demo.
 */
package dev.unroll.cli;
