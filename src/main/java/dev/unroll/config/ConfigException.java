package dev.unroll.config;

/** A configuration the job cannot run with; the message names the option and what to change. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
