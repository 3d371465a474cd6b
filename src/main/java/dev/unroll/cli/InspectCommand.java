package dev.unroll.cli;

import dev.unroll.hadoop.WeightPaths;
import dev.unroll.model.ModelHints;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code unroll inspect}: lists a weights file's tensors and the model inferred from them. */
@Command(
    name = "inspect",
    sortOptions = false,
    modelTransformer = JobFlags.Model.class,
    description = {
        "Prints every tensor of a weights file (name, dtype, shape), its format and SHA-256, then "
            + "the model inferred from it (cells, sizes, parameter count), like TensorFlow's "
            + "inspect_checkpoint.",
        "Give the same model options as to score to check them against the file."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:tensors listed and the model inferred",
        "2:a flag is wrong",
        "3:the weights file cannot be read",
        "4:tensors listed, but no model could be inferred from them (the error says why), or the model's "
            + "weights hold NaN or infinite values (listed; 0 with --allow-non-finite-weights)"})
public final class InspectCommand implements Callable<Integer> {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int UNREADABLE = 3;
  public static final int NO_MODEL = 4;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    JobFlags.Weights model = JobFlags.weights(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      WeightsReport.Outcome outcome =
          new WeightsReport(out, err).print(WeightPaths.source(model.path()), model.hints(), model.allowNonFinite());
      return switch (outcome) {
        case MODEL -> OK;
        case UNREADABLE -> UNREADABLE;
        case NO_MODEL, NON_FINITE -> NO_MODEL;
      };
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
