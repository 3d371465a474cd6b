/**
 * Weights and sample files through Hadoop's file systems ({@code file:}, {@code hdfs://},
 * {@code s3a://}): {@link dev.unroll.hadoop.HadoopWeightSource} implements the loaders'
 * {@link dev.unroll.weights.WeightSource} over them, and {@link dev.unroll.hadoop.WeightPaths} picks it
 * for a URI and a local source for a plain path. {@code score} reads its weights this way on the driver,
 * and {@code inspect} and {@code verify} use it without starting Spark.
 *
 * <p>Imports Hadoop and {@link dev.unroll.weights} only: no Spark, no job configuration.
 */
package dev.unroll.hadoop;
