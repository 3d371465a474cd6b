package dev.unroll.verify;

/**
 * An inputs or expected-outputs file that {@code verify} cannot use: a missing or unknown array, or a
 * shape that does not fit the model. The message names the file and the array.
 */
final class BadSampleException extends Exception {
  private static final long serialVersionUID = 1L;

  BadSampleException(String message) {
    super(message);
  }
}
