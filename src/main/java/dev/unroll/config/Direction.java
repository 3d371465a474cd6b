package dev.unroll.config;

/** The direction a user declares for every layer of the model. */
public enum Direction {
  FORWARD,
  BIDIRECTIONAL
}
