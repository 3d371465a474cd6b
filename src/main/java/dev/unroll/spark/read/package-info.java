/**
 * unroll's Parquet reader: a scan's files turned into Spark's column batches ({@code OnHeapColumnVector}s,
 * so everything downstream is unchanged) without Spark's per-value calls. {@link
 * dev.unroll.spark.read.FileCheck} decides per file whether it is read exactly as Spark reads it;
 * {@link dev.unroll.spark.read.PageCursor} decodes a chunk's pages (levels into int arrays, values
 * in bulk); {@link dev.unroll.spark.read.ColumnAssembler} builds each column's nulls, list offsets and
 * leaves in one pass. The RDD and the driver's choice live in the Spark-4 seam folder.
 *
 * <p>May import Spark's vectors and parquet-mr; must not import the rest of {@code dev.unroll.spark}.
 */
package dev.unroll.spark.read;
