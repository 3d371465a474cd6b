package dev.unroll.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * The moments a fault is injected at, seen from outside the JVMs through the files they hold. A task
 * opens its part file when it starts, and Parquet puts nothing on disk until a row group is complete;
 * with small row groups ({@code parquet.block.size}) an open part file that is still empty means the
 * task is reading and scoring, one that has bytes means it is writing. A task's output that sits in
 * a {@code task_...} folder of the commit protocol was committed by a finished task.
 */
final class FaultMoments {
  private FaultMoments() {}

  /**
   * How long a submission may take to reach the moment: a deadline for a stuck job, not a measure of
   * the job. With six builds on two cores (load average near 50) a driver took 160 s just to start.
   */
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  /**
   * How often the files are looked at: often enough to land inside a task's seconds of scoring or of
   * writing, seldom enough that the looking (an executor holds hundreds of open jars) does not take the
   * CPU the cluster's JVMs need.
   */
  private static final long POLL_MILLIS = 50;

  /** An executor with an open part file under {@code dir} whose size on disk passes {@code size}. */
  record Writer(ProcessHandle executor, Path partFile, long bytes) {}

  /** Waits for an executor holding an unfinished part file under {@code dir} whose size passes the test. */
  static Writer executorWithOpenPartFile(LocalCluster cluster, Submission job, Path dir, LongPredicate size)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && job.alive()) {
      for (ProcessHandle executor : cluster.executors()) {
        for (Path file : LocalCluster.openFiles(executor.pid())) {
          if (file.startsWith(dir) && isPartFile(file)) {
            Optional<Long> bytes = size(file);
            if (bytes.isPresent() && size.test(bytes.get())) {
              return new Writer(executor, file, bytes.get());
            }
          }
        }
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("no executor held a part file of the wanted size under " + dir
        + (job.alive() ? " within " + TIMEOUT.toMinutes() + " minutes" : " before the job ended"));
  }

  /** Waits until at least one task has committed its part file under {@code dir}; returns that file. */
  static Path committedTaskOutput(Submission job, Path dir) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && job.alive()) {
      Optional<Path> committed = find(dir);
      if (committed.isPresent()) {
        return committed.get();
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("no task committed a part file under " + dir
        + (job.alive() ? " within " + TIMEOUT.toMinutes() + " minutes" : " before the job ended"));
  }

  private static Optional<Path> find(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(FaultMoments::isPartFile)
          .filter(f -> dir.relativize(f).toString().matches("(.*/)?task_[^/]*/.*"))
          .findFirst();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty(); // files moved while we looked: look again
    }
  }

  private static boolean isPartFile(Path file) {
    return file.getFileName().toString().startsWith("part-");
  }

  private static Optional<Long> size(Path file) {
    try {
      return Optional.of(Files.size(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
