/**
 * The scoring output's Parquet format. On the Spark 3.5 line it is Spark's own: the direct column
 * writer of the Spark 4 lines needs parquet-mr 1.15 or later, and Spark 3.5 bundles 1.13.
 *
 * <p>Nothing numeric lives here; it imports Spark and Hadoop.
 */
package dev.unroll.spark.parquet;
