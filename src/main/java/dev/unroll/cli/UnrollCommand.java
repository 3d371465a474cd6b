package dev.unroll.cli;

import dev.unroll.config.ConfigException;
import dev.unroll.spark.partition.BadRowException;
import dev.unroll.spark.plan.PreflightException;
import dev.unroll.spark.RejectedRowsException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code unroll}: the top command; runs {@code score}, {@code inspect}, {@code verify} or {@code report}. */
@Command(
    name = "unroll",
    mixinStandardHelpOptions = true,
    version = "unroll 0.1.0",
    description = "Scores recurrent neural-network cells over large sets of sequences on Apache Spark.",
    subcommands = {ScoreCommand.class, InspectCommand.class, VerifyCommand.class, ReportCommand.class},
    footer = {"%nEach command lists its exit codes in its own --help (unroll score --help).",
        "unroll is jobs/unroll (embedded local Spark) or jobs/submit.sh (spark-submit on a cluster)."})
public final class UnrollCommand implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this rather than main). */
  public static int run(String... args) {
    return run(new CommandLine(new UnrollCommand()), null, args);
  }

  /** Runs {@code cli}, with errors to {@code err} when given (tests), else to standard error. */
  static int run(CommandLine cli, PrintWriter err, String... args) {
    if (err != null) {
      cli.setErr(err);
    }
    // a flag given twice keeps its last value, as with most command lines (--weights a --weights b)
    cli.setOverwrittenOptionsAllowed(true);
    return cli.setExecutionExceptionHandler(UnrollCommand::handle).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One line naming what went wrong, and the exit code for its kind. */
  private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    err.flush();
    if (e instanceof ConfigException) {
      return ExitCodes.USAGE;
    } else if (e instanceof PreflightException) {
      return ExitCodes.PREFLIGHT;
    } else if (e instanceof BadRowException || e instanceof RejectedRowsException) {
      return ExitCodes.BAD_ROW;
    }
    e.printStackTrace(err);
    return ExitCodes.FAILED;
  }
}
