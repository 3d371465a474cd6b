package dev.unroll.spark.progress;

/**
 * How much input the job reads: rows from the Parquet or ORC footers, bytes from the files' sizes; -1 for
 * what is not known (another source, a footer that could not be read, or not read yet).
 */
record InputTotal(long rows, long bytes) {
  static final InputTotal UNKNOWN = new InputTotal(-1, -1);
}
