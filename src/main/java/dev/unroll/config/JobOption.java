package dev.unroll.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every job option, defined once: its name (the command-line flag with {@code --} and the key in a job
 * configuration file), the group it is listed under, its default and its help text. The picocli flags, the
 * configuration-file keys, the resolver's defaults, the logged configuration and the README's reference
 * table all follow from this list (a test holds the README table to it). Lists are comma-separated.
 */
public enum JobOption {
  // --- model: what the weights file may not say by itself; checked against the file
  WEIGHTS(Group.MODEL, "weights", "PATH", Default.REQUIRED,
      "Weights file (.npz, .npy, .safetensors, .onnx, Keras .h5/.keras, TF checkpoint prefix, .index or "
          + "folder): a local path or an hdfs://, s3a://, file: URI."),
  CELL(Group.MODEL, "cell", "TYPE", Default.inferred("from the weights"),
      "TF v1 cell: basic_rnn, basic_lstm, lstm, gru."),
  UNITS(Group.MODEL, "units", "N", Default.inferred("from the weights"),
      "Units per cell, checked against the weights."),
  ACTIVATION(Group.MODEL, "activation", "NAME", Default.inferred("tanh"),
      "Cell activation: tanh, relu, sigmoid, linear, elu, softsign, relu6."),
  FORGET_BIAS(Group.MODEL, "forget-bias", "F", Default.inferred("1.0"),
      "TF v1 LSTM forget_bias (checkpoints do not store it)."),
  CELL_CLIP(Group.MODEL, "cell-clip", "F", Default.inferred("none"), "TF LSTMCell cell_clip."),
  PROJ_CLIP(Group.MODEL, "proj-clip", "F", Default.inferred("none"), "TF LSTMCell proj_clip."),
  LAYERS(Group.MODEL, "layers", "N", Default.inferred("from the weights"),
      "Expected cells stacked per direction, checked against the weights."),
  DIRECTION(Group.MODEL, "direction", "forward|bidirectional", Default.inferred("from the weights"),
      "Expected direction, checked against the weights."),
  SCOPE(Group.MODEL, "scope", "PREFIX", Default.inferred("the only RNN in the file"),
      "Variable-scope prefix of the RNN to load when the file holds several (e.g. encoder)."),
  ALLOW_NON_FINITE_WEIGHTS(Group.MODEL, "allow-non-finite-weights", "true|false", Default.of("false"),
      "Use weights that hold NaN or infinite values (refused otherwise: every score would be NaN); the flag "
          + "alone means true."),
  EMBEDDING(Group.JOB_MODEL, "embedding", "PATH", Default.inferred("none"),
      "Embedding table for token-id sequences: a float32 [vocabulary, dimension] .npy file (not with a Keras "
          + "model that has its own Embedding layer)."),

  // --- input
  INPUT(Group.INPUT, "input", "PATH", Default.REQUIRED, "Input path or URI."),
  INPUT_FORMAT(Group.INPUT, "input-format", "FORMAT", Default.of("parquet"),
      "Spark source: parquet, orc, json (csv cannot hold arrays)."),
  INPUT_OPTIONS(Group.INPUT, "input-options", "K=V,...", Default.inferred("none"), "Reader options."),
  ID_COLUMN(Group.INPUT, "id-column", "NAME", Default.of("id"), "Row id, any type, copied to the output."),
  SEQUENCE_COLUMN(Group.INPUT, "sequence-column", "NAME", Default.of("sequence"),
      "Sequence column: array<array<float>> (steps x features), array<float> (flat, steps*features) or "
          + "array<int|bigint> (token ids); doubles are converted to float."),
  LENGTH_COLUMN(Group.INPUT, "length-column", "NAME", Default.inferred("the array length"),
      "Integer column of valid steps."),
  FEATURE_SIZE(Group.INPUT, "feature-size", "N", Default.inferred("the model's input size"),
      "Features per step of a flat array."),
  PASS_THROUGH(Group.INPUT, "pass-through", "COLUMNS", Default.inferred("none"),
      "Input columns copied unchanged to the output."),

  // --- output
  OUTPUT(Group.OUTPUT, "output", "PATH", Default.REQUIRED, "Output path or URI."),
  OUTPUT_FORMAT(Group.OUTPUT, "output-format", "FORMAT", Default.of("parquet"), "Spark sink."),
  OUTPUT_OPTIONS(Group.OUTPUT, "output-options", "K=V,...", Default.inferred("none"),
      "Writer options; for Parquet they win over unroll's defaults: no dictionary on float columns and the id "
          + "column, no min/max statistics on float columns (Spark 4 lines; 3.5's Parquet keeps them), snappy."),
  EMIT(Group.OUTPUT, "emit", "LIST", Default.of("state"),
      "Any of: state (top layer h, and c for LSTMs), all-states (every cell), outputs (per step), mean, max "
          + "(pooled over valid steps)."),
  OUTPUT_LAYOUT(Group.OUTPUT, "output-layout", "LAYOUT", Default.of("array"),
      "array (h array<float>), columns (one float column per dimension: h_0, h_1, ...) or vector (h a Spark "
          + "ML dense Vector, for org.apache.spark.ml stages such as KMeans)."),
  PARTITION_BY(Group.OUTPUT, "partition-by", "COLUMNS", Default.inferred("none"),
      "Output partition columns (each must be a pass-through column)."),
  MODE(Group.OUTPUT, "mode", "MODE", Default.of("error"), "What to do when the output exists: error, "
      + "overwrite, append."),
  DYNAMIC_PARTITION_OVERWRITE(Group.OUTPUT, "dynamic-partition-overwrite", "true|false", Default.of("false"),
      "With --mode overwrite and --partition-by: replace only the partitions written; the flag alone means "
          + "true."),
  REPORT(Group.OUTPUT, "report", "PATH|none", Default.inferred("<output>/_unroll_report.html"),
      "Where the run report goes (one self-contained HTML page: lengths, time, throughput, embeddings, bad rows), "
          + "written only when the run succeeds; none for no report (and no statistics gathered)."),
  CLEAN_DEBRIS(Group.OUTPUT, "clean-debris", "true|false", Default.of("false"),
      "Remove what killed runs left at or beside the outputs (staging folders, an interrupted publish, Spark's "
          + "_temporary) before writing; without it the job refuses to start. Only when no other job writes to "
          + "the same output. The flag alone means true."),

  // --- run
  BATCH_SIZE(Group.RUN, "batch-size", "N", Default.of("256"), "Sequences per mini-batch."),
  SORT_WINDOW(Group.RUN, "sort-window", "ROWS", Default.of("2048"),
      "Rows read ahead and grouped by length into mini-batches (memory per task is about this x the longest "
          + "sequence)."),
  BAD_ROWS(Group.RUN, "bad-rows", "POLICY", Default.of("fail"), "fail, skip or quarantine."),
  MAX_REJECTED(Group.RUN, "max-rejected", "N|FRACTION", Default.of("50%"),
      "With skip or quarantine: the most rows that may be rejected, a count (1000) or a share of the rows read "
          + "(0.01 or 1%); a run over it fails and writes nothing."),
  QUARANTINE_OUTPUT(Group.RUN, "quarantine-output", "PATH", Default.inferred("<output>_quarantine"),
      "Where quarantined rows go."),
  PROGRESS_INTERVAL(Group.RUN, "progress-interval", "SECONDS", Default.of("10"),
      "Seconds between progress log lines when stderr is not a terminal (on a terminal one line is rewritten "
          + "every second), 0 for none."),
  SPARK_PROGRESS(Group.RUN, "spark-progress", "true|false", Default.of("false"),
      "Show Spark's own stage progress bar too (spark.ui.showConsoleProgress; a value the Spark configuration "
          + "sets wins); the flag alone means true."),
  MASTER(Group.RUN, "master", "URL", Default.inferred("local[*]"),
      "Spark master when not launched by spark-submit.");

  /** Where an option is listed; the model options are shared by score, inspect and verify. */
  public enum Group {
    MODEL("Model"),
    /** Model options that only the scoring job takes. */
    JOB_MODEL("Model"),
    INPUT("Input"),
    OUTPUT("Output"),
    RUN("Run");

    private final String heading;

    Group(String heading) {
      this.heading = heading;
    }

    public String heading() {
      return heading;
    }
  }

  /**
   * An option's default: a value the resolver uses, "required", or what happens when it is left out
   * (inferred from the weights, none, ...), which is only shown.
   */
  public record Default(String value, String shown, boolean required) {
    static final Default REQUIRED = new Default(null, "(required)", true);

    static Default of(String value) {
      return new Default(value, "`" + value + "`", false);
    }

    static Default inferred(String what) {
      return new Default(null, what, false);
    }
  }

  private final Group group;
  private final String key;
  private final String paramLabel;
  private final Default byDefault;
  private final String help;

  JobOption(Group group, String key, String paramLabel, Default byDefault, String help) {
    this.group = group;
    this.key = key;
    this.paramLabel = paramLabel;
    this.byDefault = byDefault;
    this.help = help;
  }

  /** The name: {@code --key} on the command line, {@code key = value} in a configuration file. */
  public String key() {
    return key;
  }

  public String flag() {
    return "--" + key;
  }

  public Group group() {
    return group;
  }

  public String paramLabel() {
    return paramLabel;
  }

  /** The value used when the option is given nowhere, or null when there is none. */
  public String defaultValue() {
    return byDefault.value();
  }

  public boolean required() {
    return byDefault.required();
  }

  /** The default as the README's table and the help show it. */
  public String defaultShown() {
    return byDefault.shown();
  }

  public String help() {
    return help;
  }

  /** A true|false option, whose flag alone means true. */
  public boolean isSwitch() {
    return "true|false".equals(paramLabel);
  }

  /** The help text with its default, as {@code --help} prints it. */
  public String usage() {
    if (required()) {
      return help + " Required (flag or --config).";
    }
    return help + " Default: " + defaultShown().replace("`", "") + ".";
  }

  /** The option named {@code key}, or null. */
  public static JobOption byKey(String key) {
    for (JobOption option : values()) {
      if (option.key.equals(key)) {
        return option;
      }
    }
    return null;
  }

  /** Every option's name, in order: the keys a job configuration file may set. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(JobOption::key).toList();
  }

  /** The options of these groups, in order. */
  public static List<JobOption> of(Group... groups) {
    List<Group> wanted = List.of(groups);
    return Arrays.stream(values()).filter(o -> wanted.contains(o.group)).toList();
  }

  @Override
  public String toString() {
    return key.toUpperCase(Locale.ROOT);
  }
}
