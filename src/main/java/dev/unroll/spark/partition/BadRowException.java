package dev.unroll.spark.partition;

/** A row the job cannot score under the {@code fail} policy: names the row id, the column and the problem. */
public final class BadRowException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public BadRowException(String message) {
    super(message);
  }
}
