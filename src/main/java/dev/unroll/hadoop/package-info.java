/**
 * Weights and sample files through Hadoop's file systems ({@code file:}, {@code hdfs://},
 * {@code s3a://}): {@link dev.unroll.hadoop.HadoopWeightSource} implements the loaders'
 * {@link dev.unroll.weights.WeightSource} over them, and {@link dev.unroll.hadoop.WeightPaths} picks it
 * for a URI and a local source for a plain path. {@code score} reads its weights this way on the driver,
 * and {@code inspect} and {@code verify} use it without starting Spark.
 *
 * <p>Two helpers keep Hadoop's local file system from starting child processes, which it does without
 * its native library: {@link dev.unroll.hadoop.NioLocalFileSystem} sets permissions through
 * {@code java.nio} (the {@code file:} file system of the sessions {@code score} creates locally), and
 * {@link dev.unroll.hadoop.FileWalk} lists files without reading their permissions.
 *
 * <p>Imports Hadoop and {@link dev.unroll.weights} only: no Spark, no job configuration.
 */
package dev.unroll.hadoop;
