package dev.unroll.weights;

import java.io.IOException;

/**
 * A weights file that cannot be used: bad magic, truncated, a checksum mismatch, a missing tensor, a
 * shape or dtype that does not fit, or a contradiction with the user's hints. The message names the
 * file (and tensor), what was expected and what was found.
 */
public final class WeightsException extends IOException {
  private static final long serialVersionUID = 1L;

  public WeightsException(String message) {
    super(message);
  }

  public WeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
