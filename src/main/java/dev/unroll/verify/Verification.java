package dev.unroll.verify;

import dev.unroll.math.Gemm;
import dev.unroll.math.Gemms;
import dev.unroll.model.ModelHints;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What {@code verify} does: loads the model, scores the sample from the inputs file from zero initial
 * states, and prints, for every array of the expected file, the largest absolute difference, where it
 * is, and whether it is within the tolerance.
 */
public final class Verification {
  /** The outcome, which the command turns into its exit code. */
  public enum Outcome {
    /** Every expected array is within the tolerance. */
    PASS,
    /** Some expected array differs by more than the tolerance. */
    FAIL,
    /** The weights, the inputs or the expected outputs cannot be read or do not fit the model. */
    UNUSABLE
  }

  private final PrintWriter out;
  private final PrintWriter err;
  /** The matrix product verify unrolls with: the one {@code score}'s executors use, so parity is proved for it. */
  private final Gemm gemm = Gemms.preferred();

  public Verification(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  public Outcome run(WeightSource weights, ModelHints hints, boolean allowNonFinite, WeightSource inputs,
      WeightSource expected, double tolerance) {
    List<OutputDifference> differences;
    try {
      LoadedModel loaded = Models.load(weights, hints);
      if (!allowNonFinite) {
        loaded.provenance().requireFinite();
      }
      NamedTensors inputArrays = Models.readTensors(inputs).tensors();
      NamedTensors expectedArrays = Models.readTensors(expected).tensors();
      VerifySample sample = VerifySample.read(inputArrays, loaded.model().inputSize());
      UnrollResult result =
          new Unroller(PreparedModel.prepare(loaded.model(), gemm)).unroll(sample.batch(), true);
      differences = ExpectedOutputs.compare(expectedArrays, loaded.model(), sample, result);
      out.println("weights: " + loaded.provenance().source() + " (" + loaded.provenance().format()
          + ", sha256 " + loaded.provenance().sha256() + ")");
      out.println("sample: " + sample.batch().count() + " sequences of " + sample.batch().inputSize()
          + " features, up to " + sample.steps() + " steps, from " + inputArrays.source());
    } catch (IOException | BadSampleException | RuntimeException e) {
      err.println("error: " + e.getMessage());
      return Outcome.UNUSABLE;
    }
    return report(differences, tolerance);
  }

  private Outcome report(List<OutputDifference> differences, double tolerance) {
    int nameWidth = 0;
    int shapeWidth = 0;
    for (OutputDifference d : differences) {
      nameWidth = Math.max(nameWidth, d.name().length());
      shapeWidth = Math.max(shapeWidth, d.shapeString().length());
    }
    int failed = 0;
    for (OutputDifference d : differences) {
      boolean pass = d.within(tolerance);
      failed += pass ? 0 : 1;
      String format = "%-" + nameWidth + "s  %-" + shapeWidth + "s  max abs diff %.3e at %s  %s";
      out.println(String.format(Locale.ROOT, format, d.name(), d.shapeString(), d.maxAbs(), d.atString(), pass ? "PASS" : "FAIL"));
    }
    if (differences.stream().anyMatch(d -> Double.isInfinite(d.maxAbs()))) {
      out.println("note: an infinite difference means NaN or infinity on one side only: weights holding"
          + " NaN or infinite values give NaN everywhere (inspect --weights lists them)");
    }
    String limit = String.format(Locale.ROOT, "%.1e", tolerance);
    if (failed == 0) {
      out.println("PASS: " + differences.size() + (differences.size() == 1 ? " output" : " outputs")
          + " within " + limit);
    } else {
      out.println("FAIL: " + failed + " of " + differences.size() + " outputs differ by more than " + limit);
    }
    out.println("matmul: " + gemm.name() + ", the one score runs with in a JVM started like this one");
    return failed == 0 ? Outcome.PASS : Outcome.FAIL;
  }
}
