package dev.unroll.spark.plan;

/** The job cannot start: the message says what is wrong and what to change. Thrown before any work. */
public final class PreflightException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public PreflightException(String message) {
    super(message);
  }

  public PreflightException(String message, Throwable cause) {
    super(message, cause);
  }
}
