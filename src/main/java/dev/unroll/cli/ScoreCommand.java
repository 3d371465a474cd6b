package dev.unroll.cli;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unroll score}: runs the scoring job. Every option may also be set in a job configuration file
 * ({@code --config}); a flag on the command line wins over the file, and the file over the default.
 * Only the flags actually given are passed on, so a default never hides a file value.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    modelTransformer = JobFlags.All.class,
    customSynopsis = {
        "unroll score --weights=PATH --input=PATH --output=PATH [OPTIONS...]",
        "       unroll score --config=FILE [OPTIONS...]   (the file sets what the flags do not)",
        "       unroll score --demo [OPTIONS...]",
        "(unroll is jobs/unroll: jobs/unroll score --help)"},
    description = {
        "Scores every sequence of the input with a recurrent model and writes its final state.",
        "Options come from flags, then the --config file, then the defaults shown.",
        "Lists are comma-separated. Run with --demo to score the bundled demo on local Spark."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:the job failed while running",
        "2:a flag or the job configuration file is wrong",
        "3:pre-flight check failed (input, weights or output); nothing was done",
        "4:a bad row under --bad-rows fail, or more rejected rows than --max-rejected; nothing was written"})
public final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--demo", description = "Score the bundled demo model and generated sequences on local "
      + "Spark; other flags override the demo's settings (output default: out/demo).")
  boolean demo;

  @Option(names = "--" + ConfigResolver.CONFIG_FILE, paramLabel = "FILE",
      description = "Job configuration file: Java properties, option names (without --) as keys.")
  String config;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = JobFlags.given(spec.commandLine().getParseResult());
    if (config != null) {
      flags.put(ConfigResolver.CONFIG_FILE, config);
    }
    PrintWriter out = spec.commandLine().getOut();
    String commandLine = JobFlags.commandLine(spec.commandLine().getParseResult());
    if (demo) {
      return Demo.run(flags, commandLine, out);
    }
    JobConfig job = ConfigResolver.resolve(flags);
    return Scoring.run(job, commandLine, out);
  }
}
