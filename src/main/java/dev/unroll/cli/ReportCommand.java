package dev.unroll.cli;

import dev.unroll.report.Comparison;
import dev.unroll.report.RunReport;
import dev.unroll.report.RunStats;
import dev.unroll.report.StatsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code unroll report --compare OLD NEW}: how far a run's distributions moved from another's, from the
 * statistics each run saved beside its output ({@code _unroll_stats.json}), without reading either output.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    customSynopsis = "unroll report --compare OLD_OUTPUT NEW_OUTPUT [--out FILE] [--max-ks D]",
    description = {
        "Compares two runs: prints, per statistic (sequence lengths, the L2 norm of h and c), the two-sample",
        "Kolmogorov-Smirnov distance (0 same, 1 disjoint) and the Wasserstein-1 distance (in the statistic's unit),",
        "and the largest shift of a dimension's mean; writes a page drawing each pair of distributions.",
        "OLD_OUTPUT and NEW_OUTPUT are output folders (or their " + RunReport.STATS_FILE + " files): local paths",
        "or URIs (hdfs://, s3a://)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:compared (the distances are printed)",
        "2:a flag is wrong",
        "3:a run's statistics cannot be read (no " + RunReport.STATS_FILE + ": run with --report none?)",
        "4:with --max-ks, some statistic's KS distance is above it"})
public final class ReportCommand implements Callable<Integer> {
  static final String DEFAULT_OUT = "unroll-compare.html";

  @Spec CommandSpec spec;

  @Option(names = "--compare", arity = "2", paramLabel = "OUTPUT", required = true,
      description = "The old run's output, then the new run's.")
  String[] compare;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where the comparison page goes. Default: " + DEFAULT_OUT + " in the current folder.")
  Path out = Path.of(DEFAULT_OUT);

  @Option(names = "--max-ks", paramLabel = "D",
      description = "Exit with 4 when any statistic's KS distance is above D (0 to 1), for a scheduled job's alert.")
  Double maxKs;

  @Override
  public Integer call() throws IOException {
    if (maxKs != null && !(maxKs >= 0 && maxKs <= 1)) {
      throw new ParameterException(spec.commandLine(), "--max-ks must be between 0 and 1, got " + maxKs);
    }
    RunStats before;
    RunStats after;
    try {
      before = read(compare[0]);
      after = read(compare[1]);
    } catch (StatsUnreadable e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCodes.PREFLIGHT;
    }
    Comparison comparison = new Comparison(before, after);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, comparison.render(compare[0], compare[1]), StandardCharsets.UTF_8);
    PrintWriter stdout = spec.commandLine().getOut();
    comparison.describe().forEach(stdout::println);
    stdout.println("page: " + out);
    stdout.flush();
    if (maxKs != null && comparison.largestKs() > maxKs) {
      spec.commandLine().getErr().println(String.format(Locale.ROOT,
          "error: a KS distance of %.4f is above --max-ks %s", comparison.largestKs(), maxKs));
      spec.commandLine().getErr().flush();
      return ExitCodes.BAD_ROW;
    }
    return ExitCodes.OK;
  }

  /** A run's statistics, from its output folder or the statistics file itself. */
  private static RunStats read(String output) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(output);
    try {
      FileSystem fs = path.getFileSystem(new Configuration());
      if (!fs.exists(path)) {
        throw new StatsUnreadable(output + ": no such file or folder");
      }
      org.apache.hadoop.fs.Path file = fs.getFileStatus(path).isDirectory()
          ? new org.apache.hadoop.fs.Path(path, RunReport.STATS_FILE) : path;
      if (!fs.exists(file)) {
        throw new StatsUnreadable(output + " holds no " + RunReport.STATS_FILE + ": not an unroll output, or a run "
            + "with --report none");
      }
      try (InputStream in = fs.open(file)) {
        return StatsJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
      }
    } catch (IOException e) {
      throw new StatsUnreadable("cannot read the statistics of " + output + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new StatsUnreadable(e.getMessage());
    }
  }

  /** A run whose statistics cannot be read: exit code 3. */
  private static final class StatsUnreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StatsUnreadable(String message) {
      super(message);
    }
  }
}
