package dev.unroll.cli;

import dev.unroll.config.JobConfig;
import dev.unroll.hadoop.WeightPaths;
import dev.unroll.model.Embedding;
import dev.unroll.spark.JobSummary;
import dev.unroll.spark.partition.ExecutorModels;
import dev.unroll.spark.plan.ModelLoading;
import dev.unroll.spark.ScoringJob;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import java.io.PrintWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Wires one scoring run: the session, the weights (read once, on the driver), the job, the summary. */
final class Scoring {
  private static final Logger LOG = LogManager.getLogger(Scoring.class);

  private Scoring() {}

  /** @param commandLine the command as given, secrets masked, for the run report */
  static int run(JobConfig config, String commandLine, PrintWriter out) {
    LoadedModel early = loadWhileSparkStarts(config);
    try (Sessions session = Sessions.open(config.run())) {
      JobSummary summary = score(session, config, commandLine, early);
      print(summary, out);
      return ExitCodes.OK;
    }
  }

  static JobSummary score(Sessions session, JobConfig config, String commandLine) {
    return score(session, config, commandLine, null);
  }

  /** @param early the model when {@link #loadWhileSparkStarts} read it, else null */
  private static JobSummary score(Sessions session, JobConfig config, String commandLine, LoadedModel early) {
    LoadedModel model = early != null ? early : ModelLoading.load(session.spark(), config.model());
    Embedding embedding = ModelLoading.embedding(session.spark(), config.model(), model);
    return ScoringJob.run(session.spark(), config, model, embedding, commandLine);
  }

  /**
   * For a local run whose weights are a plain local path: the model, read before Spark starts (from the
   * file itself, as {@code inspect} reads it, not through Hadoop's file systems, whose cache would keep
   * an instance configured without the session's settings), with the unroll's warm-up started on it on
   * its own thread, so that the warm-up (2.3 s of a core and the C2 compiles of the kernels) runs
   * beside Spark's start-up, one busy thread for about 4 s, instead of beside pre-flight and planning.
   * Null otherwise: the session reads the weights.
   */
  private static LoadedModel loadWhileSparkStarts(JobConfig config) {
    LocalWeightSource file = WeightPaths.localFile(config.model().weights());
    if (file == null || !Sessions.startsLocal(config.run())) {
      return null;
    }
    LoadedModel model = ModelLoading.load(file, config.model());
    ExecutorModels.warmUp(model.model(), config.run().batchSize());
    LOG.info("model: read from {} before Spark's start-up, the unroll warming up meanwhile", file.describe());
    return model;
  }

  static void print(JobSummary summary, PrintWriter out) {
    out.println("unroll score: done");
    summary.describe().forEach(line -> out.println("  " + line));
    out.flush();
  }
}
