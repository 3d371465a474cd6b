package dev.unroll.cli;

import dev.unroll.hadoop.WeightPaths;
import dev.unroll.model.ModelHints;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unroll inspect}: lists a weights file's tensors and the model inferred from them. */
@Command(
    name = "inspect",
    sortOptions = false,
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
        "4:tensors listed, but no model could be inferred from them (the error says why)"})
public final class InspectCommand implements Callable<Integer> {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int UNREADABLE = 3;
  public static final int NO_MODEL = 4;

  @Spec CommandSpec spec;

  @Option(names = "--weights", paramLabel = "PATH", required = true, order = 1,
      description = "Weights file: .npz, .npy, .safetensors, .onnx, Keras .h5/.keras, or a TensorFlow checkpoint (prefix, .index or "
          + "folder); a local path or a file:, hdfs:// or s3a:// URI.")
  String weights;

  @Mixin ModelOptions model = new ModelOptions();

  @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    ModelHints hints = model.hints();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      WeightsReport.Outcome outcome =
          new WeightsReport(out, err).print(WeightPaths.source(weights), hints);
      return switch (outcome) {
        case MODEL -> OK;
        case UNREADABLE -> UNREADABLE;
        case NO_MODEL -> NO_MODEL;
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
