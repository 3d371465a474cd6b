/**
 * What {@code unroll verify} proves: {@link dev.unroll.verify.Verification} loads a model, scores the
 * user's sample ({@link dev.unroll.verify.VerifySample}: {@code x}, {@code lengths}) from zero initial
 * states with the matmul {@code score} runs with ({@code Gemms.preferred()}), and compares every array
 * of the expected file ({@link dev.unroll.verify.ExpectedOutputs}) element by element
 * ({@link dev.unroll.verify.OutputDifference}).
 *
 * <p>Files arrive as {@link dev.unroll.weights.WeightSource}s; this package imports the loaders' entry
 * point and the numeric core, and nothing from Spark, Hadoop or the command line.
 */
package dev.unroll.verify;
