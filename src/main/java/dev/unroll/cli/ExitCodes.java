package dev.unroll.cli;

/** The exit codes; {@link UnrollCommand} lists them in its help (keep both in step). */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;
  /** The job failed while running (Spark, I/O). */
  static final int FAILED = 1;
  /** A flag or the job configuration file is wrong (picocli's own code for usage errors). */
  static final int USAGE = 2;
  /** Pre-flight: the input, the weights or the output do not fit; nothing was done. */
  static final int PREFLIGHT = 3;
  /** A bad row under --bad-rows fail, or more rejected rows than --max-rejected; nothing was written. */
  static final int BAD_ROW = 4;
}
