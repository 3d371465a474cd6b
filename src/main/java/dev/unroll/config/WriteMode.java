package dev.unroll.config;

/** What the job does when its output already exists (Spark's save modes). */
public enum WriteMode {
  /** Refuse to start. */
  ERROR,
  /** Replace the output (or, with dynamic partition overwrite, only the partitions written). */
  OVERWRITE,
  /** Add files beside the existing ones. */
  APPEND
}
