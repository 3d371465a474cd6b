package dev.unroll.spark.plan;

/** How the sequence column holds a sequence. */
public enum SequenceLayout {
  /** {@code array<array<float>>}: steps, each an array of features. */
  NESTED,
  /** {@code array<float>}: steps × features, row-major. */
  FLAT,
  /** {@code array<int|long>}: one token id per step, looked up in an embedding table. */
  TOKENS
}
