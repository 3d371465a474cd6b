package dev.unroll.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.UnrollCommand;
import dev.unroll.testing.SharedSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The job on a standalone cluster (a Master, two Workers of one core, executors in their own JVMs, all
 * on loopback), submitted through {@code jobs/submit.sh} as a user does, under faults. Every output is
 * compared per id and bit for bit with a {@code local[2]} run of the same command in this JVM. One
 * cluster serves every test; it is stopped by the PIDs it started, and the last test checks that no JVM
 * of it is left.
 */
class StandaloneClusterTest {
  private static final int ROWS = 30_000;
  /** One task per file: the jobs have six tasks to share between two executors. */
  private static final int FILES = 6;
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);

  @TempDir static Path dir;
  private static CompletableFuture<LocalCluster> starting;
  private static LocalCluster cluster;
  private static Path jar;
  private static Path weights;
  private static Path input;
  private static ScoredOutput expected;

  @BeforeAll
  static void startTheClusterAndScoreLocally() throws Exception {
    // the cluster's daemons start in their own JVMs while this one builds the jar and the expected output
    starting = CompletableFuture.supplyAsync(() -> {
      try {
        return LocalCluster.start(Path.of("target", "cluster-test").toAbsolutePath());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("cannot start the local cluster: " + e, e);
      }
    });
    jar = JobJar.build(dir.resolve("unroll-job.jar"));
    weights = ClusterInputs.lstm(dir.resolve("lstm.npz"));
    input = ClusterInputs.sequences(dir.resolve("input"), 0, ROWS, FILES);
    expected = scoreLocally(input, dir.resolve("expected"));
    assertEquals(ROWS, expected.rows());
    cluster = starting.join();
  }

  @AfterAll
  static void stopTheClusterLeavingNoJvm() throws Exception {
    if (cluster == null && starting != null) {
      cluster = starting.exceptionally(failed -> null).join(); // the set-up failed before it waited for it
    }
    if (cluster != null) {
      cluster.stop();
      assertEquals(List.of(), cluster.alive(), "JVMs of the cluster still running after it was stopped");
    }
  }

  @Test
  void anExecutorKilledWhileScoringLosesAndDuplicatesNoRow() throws Exception {
    Path run = dir.resolve("runs/executor-scoring");
    Path out = run.resolve("out");
    try (Submission job = submit(run, "job", score(input, out, "error"))) {
      // an open part file still empty: the task is reading and scoring its first rows
      FaultMoments.Writer victim = FaultMoments.executorWithOpenPartFile(cluster, job, run, bytes -> bytes == 0);
      victim.executor().destroyForcibly();
      Submission.Outcome outcome = job.await();
      assertEquals(0, outcome.exitCode(), outcome.tail());
    }
    assertExact(out);
    assertTaskLostWithItsExecutor(run.resolve("events-job"));
  }

  @Test
  void anExecutorKilledWhileWritingItsPartFileLosesAndDuplicatesNoRow() throws Exception {
    Path run = dir.resolve("runs/executor-writing");
    Path out = run.resolve("out");
    try (Submission job = submit(run, "job", score(input, out, "error"))) {
      // an open part file with row groups on disk: the task is part way through writing it
      FaultMoments.Writer victim = FaultMoments.executorWithOpenPartFile(cluster, job, run, bytes -> bytes > 0);
      victim.executor().destroyForcibly();
      Submission.Outcome outcome = job.await();
      assertEquals(0, outcome.exitCode(), outcome.tail());
      assertTrue(outcome.out().contains("matmul:            vectorised on every executor"), outcome.out());
    }
    assertExact(out);
    assertTaskLostWithItsExecutor(run.resolve("events-job"));
    assertEachExecutorLoggedItsVectorisedMatmul(run.resolve("events-job"));
    assertTrue(Files.readString(out.resolve("_unroll_summary.json")).contains("\"scalarFallbackExecutors\": 0,"),
        "the summary counts executors on the scalar fallback");
  }

  @ParameterizedTest(name = "--mode {0}")
  @ValueSource(strings = {"error", "append"})
  void aRerunOverTheDebrisOfAKilledDriverRefusesItOrPublishesEachRowOnce(String mode) throws Exception {
    Path run = dir.resolve("runs/killed-driver-then-" + mode);
    copyTree(killedDriverRun(), run);
    Path out = run.resolve("out");
    Submission.Outcome rerun = submitAndAwait(run, "rerun", score(input, out, mode));
    if (rerun.exitCode() == 3) {
      assertRefusedAsDebris(rerun, out);
      assertEquals(List.of(), partFiles(out), "files published at the destination of the refused rerun");
      if (mode.equals("append")) {
        // the way out the message gives, where SPARK-29037 swept the debris in: clean, then rerun
        rerun = submitAndAwait(run, "cleaned", score(input, out, mode, "--clean-debris", "true"));
      }
    }
    if (rerun.exitCode() != 3) {
      assertEquals(0, rerun.exitCode(), "neither refused (3) nor published (0):\n" + rerun.tail());
      assertExact(out);
    }
  }

  @Test
  void aKilledOverwriteKeepsTheOldOutputAndItsRerunPublishesEachRowOnce() throws Exception {
    Path run = dir.resolve("runs/killed-overwrite");
    Path out = run.resolve("out");
    // the old output: another job's (the first 1,000 ids), so what survives is recognisable
    ScoredOutput old = scoreLocally(ClusterInputs.sequences(dir.resolve("old-input"), 0, 1000, 1), out);
    cluster.awaitIdle(IDLE_TIMEOUT);
    try (Submission job = submit(run, "killed", score(input, out, "overwrite"))) {
      FaultMoments.committedTaskOutput(job, run);
      job.kill();
    }
    cluster.awaitIdle(IDLE_TIMEOUT);
    ScoredOutput survived = ScoredOutput.read(out);
    assertEquals(old.rows(), survived.rows(), "rows at the destination after the overwrite's driver was killed");
    assertEquals(List.of(), survived.differingIds(old), "ids of the old output changed by the killed overwrite");

    Submission.Outcome rerun = submitAndAwait(run, "rerun", score(input, out, "overwrite"));
    if (rerun.exitCode() == 3) {
      assertRefusedAsDebris(rerun, out);
      assertEquals(List.of(), ScoredOutput.read(out).differingIds(old), "the old output after the refusal");
      rerun = submitAndAwait(run, "cleaned", score(input, out, "overwrite", "--clean-debris", "true"));
    }
    assertEquals(0, rerun.exitCode(), rerun.tail());
    assertExact(out);
  }

  @Test
  void aBadRowUnderFailStopsTheJobAtItsFirstAttemptNotAfterEveryRetry() throws Exception {
    Path run = dir.resolve("runs/bad-row");
    Path out = run.resolve("out");
    Path bad = ClusterInputs.sequencesWithBadRow(dir.resolve("bad-input"), 2000, 2);
    Submission.Outcome outcome = submitAndAwait(run, "job", score(bad, out, "error", "--bad-rows", "fail"));
    assertEquals(4, outcome.exitCode(), outcome.tail());
    assertTrue(outcome.err().contains("bad row with id = " + ClusterInputs.BAD_ID), outcome.tail());
    List<EventLog.Attempt> attempts = EventLog.attempts(run.resolve("events-job"));
    assertFalse(attempts.isEmpty(), "no task attempts in the event log");
    // spark.task.maxFailures is 4 on a cluster: a failure that is retried shows as attempts 1, 2, 3
    assertEquals(List.of(), attempts.stream().filter(a -> a.attempt() > 0).toList(), "retried task attempts");
    assertEquals(List.of(), partFiles(run), "part files left after the job stopped at a bad row");
    assertFalse(Files.exists(out.resolve("_SUCCESS")), "the destination was published");
  }

  /** The killed run: --mode error onto a new path, its driver SIGKILLed once a task has committed. */
  private static synchronized Path killedDriverRun() throws Exception {
    Path run = dir.resolve("runs/killed-driver");
    if (!Files.exists(run)) {
      cluster.awaitIdle(IDLE_TIMEOUT);
      try (Submission job = submit(run, "killed", score(input, run.resolve("out"), "error"))) {
        FaultMoments.committedTaskOutput(job, run);
        job.kill();
      }
      cluster.awaitIdle(IDLE_TIMEOUT); // the Master ends the dead driver's executors
    }
    return run;
  }

  /** The score command line shared by the local and the cluster runs. */
  private static String[] score(Path in, Path out, String mode, String... extra) {
    List<String> args = new ArrayList<>(List.of("score", "--weights", weights.toString(), "--cell", "basic_lstm",
        "--units", Integer.toString(ClusterInputs.UNITS), "--input", in.toString(), "--output", out.toString(),
        "--mode", mode, "--progress-interval", "0",
        // row groups of 256 KB: a task's part file fills while it runs, so "writing" is a moment to aim at
        "--output-options", "parquet.block.size=262144"));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private static ScoredOutput scoreLocally(Path in, Path out) {
    SharedSpark.session(); // the command runs in the shared local[2] session
    StringWriter text = new StringWriter();
    CommandLine command = new CommandLine(new UnrollCommand());
    command.setOut(new PrintWriter(text, true));
    command.setErr(new PrintWriter(text, true));
    int code = command.execute(score(in, out, "error"));
    assertEquals(0, code, text.toString());
    return ScoredOutput.read(out);
  }

  private static Submission submit(Path run, String name, String... args) throws Exception {
    cluster.awaitIdle(IDLE_TIMEOUT);
    Path events = Files.createDirectories(run.resolve("events-" + name));
    return Submission.start(cluster, jar, run, name,
        // one plain JSON file (Spark 4 rolls and compresses event logs by default)
        List.of("spark.eventLog.enabled=true", "spark.eventLog.dir=" + events.toUri(),
            "spark.eventLog.rolling.enabled=false", "spark.eventLog.compress=false"), args);
  }

  private static Submission.Outcome submitAndAwait(Path run, String name, String... args) throws Exception {
    try (Submission job = submit(run, name, args)) {
      return job.await();
    }
  }

  private static void assertExact(Path out) {
    ScoredOutput actual = ScoredOutput.read(out);
    assertEquals(ROWS, actual.rows(), "rows at " + out);
    List<Long> differing = actual.differingIds(expected);
    assertEquals(List.of(), differing.subList(0, Math.min(10, differing.size())),
        differing.size() + " ids differ from the local[2] run (first 10 shown)");
  }

  /** The fault hit a running task: the event log has an attempt that ended with its executor. */
  private static void assertTaskLostWithItsExecutor(Path events) throws IOException {
    List<EventLog.Attempt> attempts = EventLog.attempts(events);
    assertTrue(attempts.stream().anyMatch(a -> "ExecutorLostFailure".equals(a.endReason())),
        "no task attempt was lost with the killed executor: " + attempts);
  }

  /**
   * Every executor that ran a task (the killed one too) said in its own stderr, on the Worker, which
   * matmul it chose: the vectorised one, since Spark 4's launcher adds the vector module to every JVM.
   */
  private static void assertEachExecutorLoggedItsVectorisedMatmul(Path events) throws IOException {
    String app = EventLog.applicationId(events);
    List<String> executors = EventLog.attempts(events).stream().map(EventLog.Attempt::executor).distinct().toList();
    assertFalse(executors.isEmpty(), "no executor ran a task of " + app);
    for (String executor : executors) {
      String stderr = cluster.executorStderr(app, executor);
      assertFalse(stderr.contains("FALLBACK"), "executor " + executor + " ran the scalar fallback:\n" + stderr);
      List<String> lines = stderr.lines().filter(l -> l.contains("unroll matmul on executor")).toList();
      assertEquals(1, lines.size(), "matmul lines in the stderr of executor " + executor + ":\n" + stderr);
      assertTrue(lines.get(0).matches(".* INFO .*unroll matmul on executor " + executor + ": tiled-vector.*"),
          lines.get(0));
    }
  }

  private static void assertRefusedAsDebris(Submission.Outcome refused, Path out) {
    assertTrue(refused.err().contains("debris of an interrupted run at --output " + out), refused.tail());
  }

  private static List<Path> partFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
