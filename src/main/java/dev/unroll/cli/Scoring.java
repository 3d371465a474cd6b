package dev.unroll.cli;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Embedding;
import dev.unroll.spark.JobSummary;
import dev.unroll.spark.plan.ModelLoading;
import dev.unroll.spark.ScoringJob;
import dev.unroll.weights.LoadedModel;
import java.io.PrintWriter;

/** Wires one scoring run: the session, the weights (read once, on the driver), the job, the summary. */
final class Scoring {
  private Scoring() {}

  /** @param commandLine the command as given, secrets masked, for the run report */
  static int run(JobConfig config, String commandLine, PrintWriter out) {
    try (Sessions session = Sessions.open(config.run())) {
      JobSummary summary = score(session, config, commandLine);
      print(summary, out);
      return ExitCodes.OK;
    }
  }

  static JobSummary score(Sessions session, JobConfig config, String commandLine) {
    LoadedModel model = ModelLoading.load(session.spark(), config.model());
    Embedding embedding = ModelLoading.embedding(session.spark(), config.model(), model);
    return ScoringJob.run(session.spark(), config, model, embedding, commandLine);
  }

  static void print(JobSummary summary, PrintWriter out) {
    out.println("unroll score: done");
    summary.describe().forEach(line -> out.println("  " + line));
    out.flush();
  }
}
