package dev.unroll.spark;

/** A run that skipped or quarantined more rows than {@code --max-rejected} allows; it wrote nothing. */
public final class RejectedRowsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public RejectedRowsException(String message) {
    super(message);
  }
}
