package dev.unroll.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code jobs/submit.sh} run in client mode against the local cluster, as a user starts it: the
 * distribution as {@code SPARK_HOME}, the cluster as {@code MASTER}, the job jar as {@code UNROLL_JAR}.
 * The process is the driver JVM itself ({@code submit.sh}, {@code spark-submit} and {@code spark-class}
 * each replace themselves with the next), so killing its PID kills the driver.
 */
final class Submission implements AutoCloseable {
  /** A deadline for a stuck run, as generous as the fault moments' (FaultMoments says why). */
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
  private static final Path SCRIPT = Path.of("jobs/submit.sh").toAbsolutePath();

  /** How a run ended: its exit code and what it printed. */
  record Outcome(int exitCode, String out, String err) {
    /** The run's stderr, cut to its last lines, for assertion messages. */
    String tail() {
      List<String> lines = err.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
  }

  private final Process process;
  private final Path out;
  private final Path err;

  private Submission(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code unroll ARGS} on {@code cluster}; {@code conf} are extra Spark settings. Runs in
   * {@code dir}, where its stdout and stderr go too ({@code name.out}, {@code name.err}).
   */
  static Submission start(LocalCluster cluster, Path jar, Path dir, String name, List<String> conf,
      String... args) throws IOException {
    List<String> submitArgs = new ArrayList<>(List.of(
        // the driver's UI is not needed, and other builds may hold its default ports
        "spark.ui.enabled=false",
        // each input file is one task, so the jobs have several tasks to fail over between
        "spark.sql.files.openCostInBytes=134217728",
        // two executors of this size fit the workers' 1g each
        "spark.executor.memory=512m"));
    submitArgs.addAll(conf);
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    Files.createDirectories(dir);
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("SPARK_HOME", LocalCluster.SPARK_DIST.toString());
    builder.environment().put("MASTER", cluster.masterUrl());
    builder.environment().put("DEPLOY_MODE", "client");
    builder.environment().put("UNROLL_JAR", jar.toString());
    builder.environment().put("SUBMIT_ARGS", "--conf " + String.join(" --conf ", submitArgs));
    return new Submission(builder.start(), out, err);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits for the run to end by itself. */
  Outcome await() throws IOException, InterruptedException {
    if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      kill();
      throw new IllegalStateException("the job did not end within " + RUN_TIMEOUT.toMinutes() + " minutes; "
          + "its stderr ends with:\n" + outcome().tail());
    }
    return outcome();
  }

  /** Kills the driver JVM with SIGKILL, as a scheduler or a dying node does, and waits for it to end. */
  Outcome kill() throws IOException, InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    return outcome();
  }

  private Outcome outcome() throws IOException {
    return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly().onExit().join();
    }
  }
}
