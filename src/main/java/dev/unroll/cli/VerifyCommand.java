package dev.unroll.cli;

import dev.unroll.hadoop.WeightPaths;
import dev.unroll.model.ModelHints;
import dev.unroll.verify.Verification;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code unroll verify}: scores a sample the user brings and compares it with the outputs their
 * training framework gave, so parity can be proved on their own model before a big run.
 */
@Command(
    name = "verify",
    sortOptions = false,
    modelTransformer = JobFlags.Model.class,
    description = {
        "Scores the sequences of --inputs with the model and prints, for every array of --expected, the "
            + "largest absolute difference, where it is, and PASS or FAIL against --tolerance.",
        "",
        "--inputs (.npz): x [batch, steps, features] (float32 or float64) and optionally lengths [batch] "
            + "(integers; default: every step); or x [total steps, features], sequences one after another, "
            + "with lengths.",
        "--expected (.npz), any of: outputs [batch, steps, units] (zero past each length, as dynamic_rnn "
            + "returns them) or [total steps, units]; h, c [batch, units] (top layer's final state, forward "
            + "then backward); h_<k>, c_<k> [batch, units] (cell k in slot order: layer by layer, forward "
            + "before backward, bottom first); h_n, c_n [cells, batch, units] (every cell, slot order = "
            + "PyTorch's order). Initial states are zero."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every expected output is within the tolerance",
        "2:a flag is wrong",
        "3:the weights, inputs or expected file cannot be read or does not fit the model",
        "4:some output differs by more than the tolerance"})
public final class VerifyCommand implements Callable<Integer> {
  public static final int PASS = 0;
  public static final int USAGE = 2;
  public static final int UNUSABLE = 3;
  public static final int FAIL = 4;

  @Spec CommandSpec spec;

  @Option(names = "--inputs", paramLabel = "FILE.npz", required = true, order = 2,
      description = "The sample: x and optionally lengths.")
  String inputs;

  @Option(names = "--expected", paramLabel = "FILE.npz", required = true, order = 3,
      description = "What the training framework computed for the sample.")
  String expected;

  @Option(names = "--tolerance", paramLabel = "T", order = 4, defaultValue = "1e-5",
      description = "Largest absolute difference that passes. Default: ${DEFAULT-VALUE}.")
  double tolerance;

  @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new ParameterException(spec.commandLine(), "--tolerance must be a number >= 0, found " + tolerance);
    }
    JobFlags.Weights model = JobFlags.weights(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Verification.Outcome outcome = new Verification(out, err).run(
          WeightPaths.source(model.path()), model.hints(), model.allowNonFinite(), WeightPaths.source(inputs),
          WeightPaths.source(expected), tolerance);
      return switch (outcome) {
        case PASS -> PASS;
        case FAIL -> FAIL;
        case UNUSABLE -> UNUSABLE;
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
