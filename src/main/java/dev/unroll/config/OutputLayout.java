package dev.unroll.config;

/** How a vector (a state, a pooled output) is laid out in the output table. */
public enum OutputLayout {
  /** One {@code array<float>} column, e.g. {@code h}. */
  ARRAY,
  /** One {@code float} column per dimension, e.g. {@code h_0 .. h_63}: cheaper to write and to read. */
  COLUMNS,
  /**
   * One Spark ML {@code Vector} column (dense, of doubles widened exactly from the floats), e.g. {@code h}:
   * what KMeans, LSH and the other {@code org.apache.spark.ml} stages take.
   */
  VECTOR
}
