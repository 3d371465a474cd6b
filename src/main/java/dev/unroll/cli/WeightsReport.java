package dev.unroll.cli;

import dev.unroll.model.RnnModel;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.ModelHints;
import dev.unroll.weights.Models;
import dev.unroll.weights.Provenance;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.WeightSource;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * What {@code inspect} prints, in the spirit of TensorFlow's {@code inspect_checkpoint}: the file's
 * format and checksum, every tensor (name, dtype, shape), then the model inferred from them, its cells
 * and parameter count. The tensors are printed before the model is built, so a file whose model cannot
 * be inferred still shows what it holds.
 */
final class WeightsReport {
  /** The outcome, which the command turns into its exit code. */
  enum Outcome {
    /** Tensors listed and the model built. */
    MODEL,
    /** The file could not be read. */
    UNREADABLE,
    /** Tensors listed, but no model could be built from them. */
    NO_MODEL
  }

  private final PrintWriter out;
  private final PrintWriter err;

  WeightsReport(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  Outcome print(WeightSource source, ModelHints hints) {
    TensorFile file;
    try {
      file = Models.readTensors(source);
    } catch (IOException | RuntimeException e) {
      return modelOnly(source, hints, e);
    }
    printFile(file);
    // Models.load reads the file again: it is the loader the job uses, for every format.
    LoadedModel loaded;
    try {
      loaded = Models.load(source, hints);
    } catch (IOException | RuntimeException e) {
      out.println("model: not inferred");
      err.println("error: " + e.getMessage());
      return Outcome.NO_MODEL;
    }
    printModel(loaded, file.tensors().size());
    return Outcome.MODEL;
  }

  /**
   * Formats that describe their model themselves (ONNX, Keras) may load through {@link Models#load}
   * without a plain tensor listing: then the tensors printed are those the model was built from.
   */
  private Outcome modelOnly(WeightSource source, ModelHints hints, Exception unreadable) {
    LoadedModel loaded;
    try {
      loaded = Models.load(source, hints);
    } catch (IOException | RuntimeException e) {
      err.println("error: " + unreadable.getMessage());
      return Outcome.UNREADABLE;
    }
    Provenance p = loaded.provenance();
    out.println("source: " + p.source());
    out.println("format: " + p.format());
    out.println("sha256: " + p.sha256());
    out.println("tensors: " + p.tensors().size() + " (those the model was built from)");
    for (String line : p.tensors()) {
      out.println("  " + line);
    }
    printModel(loaded, p.tensors().size());
    return Outcome.MODEL;
  }

  private void printFile(TensorFile file) {
    out.println("source: " + file.source());
    out.println("format: " + file.format());
    out.println("sha256: " + file.sha256()
        + (file.format().equals("tf-checkpoint") ? " (of the .index file, then the data shards)" : ""));
    long values = 0;
    for (Tensor t : file.tensors().all()) {
      values += t.values().length;
    }
    out.println("tensors: " + file.tensors().size() + " (" + values + " values)");
    for (String line : file.tensors().describe()) {
      out.println("  " + line);
    }
    if (!file.otherEntries().isEmpty()) {
      out.println("other entries: " + file.otherEntries().size());
      for (String line : file.otherEntries()) {
        out.println("  " + line);
      }
    }
  }

  private void printModel(LoadedModel loaded, int tensorsInFile) {
    RnnModel model = loaded.model();
    int used = loaded.provenance().tensors().size();
    out.println("model: " + model.layers().size() + (model.layers().size() == 1 ? " layer" : " layers")
        + ", input size " + model.inputSize() + ", output size " + model.outputSize()
        + ", built from " + used + " of " + tensorsInFile + " tensors");
    if (loaded.embedding() != null) {
      out.println("  embedding: token ids 0.." + (loaded.embedding().vocabulary() - 1) + " to "
          + loaded.embedding().dimension() + " features");
    }
    for (String line : model.describe().split("\n")) {
      out.println("  " + line);
    }
  }
}
