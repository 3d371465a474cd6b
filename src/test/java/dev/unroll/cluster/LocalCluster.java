package dev.unroll.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone cluster started by {@code jobs/local-cluster.sh} (a Master and two Workers, free ports on
 * 127.0.0.1), known by the PIDs the script recorded. {@link #stop} stops it through the script and then
 * makes sure every JVM it ever saw (daemons and executors) has ended, killing any left by PID; a shutdown
 * hook does the same if the test JVM is stopped first.
 */
final class LocalCluster {
  private static final Path SCRIPT = Path.of("jobs/local-cluster.sh").toAbsolutePath();
  static final Path SPARK_DIST = Path.of(System.getProperty("unroll.sparkDist", "target/spark-dist")).toAbsolutePath();
  static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);

  private final Path dir;
  private final String masterUrl;
  private final List<Long> daemons;
  private final Set<Long> seen = new LinkedHashSet<>();
  private final Thread hook = new Thread(this::stopQuietly, "stop local cluster");

  private LocalCluster(Path dir, String masterUrl, List<Long> daemons) {
    this.dir = dir;
    this.masterUrl = masterUrl;
    this.daemons = daemons;
    seen.addAll(daemons);
  }

  /** Starts the cluster with its PID files, logs and worker folders in {@code dir}. */
  static LocalCluster start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    script("stop", dir); // a cluster left by an earlier test JVM that was killed, by its recorded PIDs
    int code = script("start", dir);
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path pidFile : files.filter(p -> p.toString().endsWith(".pid")).sorted().toList()) {
        pids.add(Long.parseLong(Files.readString(pidFile).trim()));
      }
    }
    Path url = dir.resolve("master-url");
    if (code != 0 || !Files.exists(url)) {
      new LocalCluster(dir, "", pids).stop();
      throw new IllegalStateException("jobs/local-cluster.sh start exited with " + code + ":\n"
          + Files.readString(dir.resolve("script.log")));
    }
    LocalCluster cluster = new LocalCluster(dir, Files.readString(url).trim(), pids);
    Runtime.getRuntime().addShutdownHook(cluster.hook);
    return cluster;
  }

  String masterUrl() {
    return masterUrl;
  }

  /** The executor JVMs running now: children of the Workers. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (long worker : daemons) {
      ProcessHandle.of(worker).ifPresent(w -> w.children()
          .filter(c -> commandLine(c.pid()).contains(EXECUTOR_CLASS))
          .forEach(executors::add));
    }
    synchronized (seen) {
      executors.forEach(e -> seen.add(e.pid()));
    }
    return executors;
  }

  /** Waits until the executors of earlier applications have ended, so a test starts on an idle cluster. */
  void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!executors().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("executors still run " + timeout.toSeconds() + " s after their "
            + "application ended: " + executors().stream().map(ProcessHandle::pid).toList());
      }
      Thread.sleep(200);
    }
  }

  /**
   * The stderr of executor {@code executor} of application {@code app}, as its Worker keeps it
   * ({@code work/worker-N/APP/EXECUTOR/stderr}).
   */
  String executorStderr(String app, String executor) throws IOException {
    try (Stream<Path> workers = Files.list(dir.resolve("work"))) {
      for (Path worker : workers.toList()) {
        Path stderr = worker.resolve(app).resolve(executor).resolve("stderr");
        if (Files.exists(stderr)) {
          return Files.readString(stderr);
        }
      }
    }
    throw new IllegalStateException("no stderr of executor " + executor + " of " + app + " under "
        + dir.resolve("work"));
  }

  /** The JVMs of this cluster still alive: none after {@link #stop}. */
  List<Long> alive() {
    synchronized (seen) {
      return seen.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .toList();
    }
  }

  /** Stops the cluster through the script, then kills by PID any of its JVMs still running. */
  void stop() throws IOException, InterruptedException {
    executors(); // remember the executors running now, to check them below
    int code = script("stop", dir);
    for (long pid : alive()) {
      ProcessHandle.of(pid).ifPresent(p -> {
        p.destroyForcibly();
        p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
      });
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // called from the hook itself
    }
    if (code != 0) {
      throw new IllegalStateException("jobs/local-cluster.sh stop exited with " + code + ":\n"
          + Files.readString(dir.resolve("script.log")));
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (Exception e) {
      // the JVM is going down: nothing left to report to
    }
  }

  private static int script(String command, Path dir) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("script.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("SPARK_DIST", SPARK_DIST.toString());
    env.put("CLUSTER_DIR", dir.toString());
    // free ports only: other builds may run their own cluster or Spark UI on this machine
    env.put("MASTER_PORT", "0");
    env.put("MASTER_WEBUI_PORT", "0");
    env.put("WORKER_WEBUI_PORT", "0");
    env.put("WORKERS", "2");
    env.put("WORKER_CORES", "1");
    env.put("WORKER_MEMORY", "1g");
    Process process = builder.start();
    if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      return -1;
    }
    return process.exitValue();
  }

  /** The full command line of a process ({@code /proc}), or "" when it has ended. */
  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** The files a process has open ({@code /proc/<pid>/fd}); empty once it has ended. */
  static List<Path> openFiles(long pid) {
    List<Path> open = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        readLink(fd).ifPresent(open::add);
      }
    } catch (IOException | UncheckedIOException e) {
      // the process ended while we looked
    }
    return open;
  }

  private static Optional<Path> readLink(Path fd) {
    try {
      return Optional.of(Files.readSymbolicLink(fd));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
