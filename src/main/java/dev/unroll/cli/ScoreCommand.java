package dev.unroll.cli;

import static dev.unroll.config.JobOptions.*;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
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
        "4:a bad row under --bad-rows fail; nothing was written"})
public final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--demo", description = "Score the bundled demo model and generated sequences on local "
      + "Spark; other flags override the demo's settings (output default: out/demo).")
  boolean demo;

  @Option(names = "--" + CONFIG, paramLabel = "FILE",
      description = "Job configuration file: Java properties, option names (without --) as keys.")
  String config;

  @ArgGroup(exclusive = false, heading = "%nModel:%n", order = 1)
  ModelFlags model = new ModelFlags();

  @ArgGroup(exclusive = false, heading = "%nInput:%n", order = 2)
  InputFlags input = new InputFlags();

  @ArgGroup(exclusive = false, heading = "%nOutput:%n", order = 3)
  OutputFlags output = new OutputFlags();

  @ArgGroup(exclusive = false, heading = "%nRun:%n", order = 4)
  RunFlags run = new RunFlags();

  static final class ModelFlags {
    @Option(names = "--" + WEIGHTS, paramLabel = "PATH", order = 1,
        description = "Weights file (.npz, TF checkpoint, ...): a local path or hdfs://, s3a://, file: URI.")
    String weights;
    @Option(names = "--" + CELL, order = 2, description = "TF v1 cell: basic_rnn, basic_lstm, lstm, gru. "
        + "Default: inferred from the weights.")
    String cell;
    @Option(names = "--" + UNITS, order = 3, description = "Units per cell, checked against the weights.")
    String units;
    @Option(names = "--" + ACTIVATION, order = 4,
        description = "Cell activation: tanh, relu, sigmoid, linear, elu, softsign, relu6. Default: tanh.")
    String activation;
    @Option(names = "--" + FORGET_BIAS, order = 5, description = "TF v1 LSTM forget_bias. Default: 1.0.")
    String forgetBias;
    @Option(names = "--" + CELL_CLIP, order = 6, description = "TF LSTMCell cell_clip. Default: none.")
    String cellClip;
    @Option(names = "--" + PROJ_CLIP, order = 7, description = "TF LSTMCell proj_clip. Default: none.")
    String projClip;
    @Option(names = "--" + LAYERS, order = 8,
        description = "Expected cells stacked per direction, checked against the weights.")
    String layers;
    @Option(names = "--" + DIRECTION, order = 9,
        description = "Expected direction: forward or bidirectional, checked against the weights.")
    String direction;
    @Option(names = "--" + SCOPE, paramLabel = "PREFIX", order = 10, description = "Variable scope of the RNN "
        + "to load when the file holds several (e.g. encoder).")
    String scope;
    @Option(names = "--" + EMBEDDING, paramLabel = "PATH", order = 11, description = "Embedding table for "
        + "token-id sequences: a float32 [vocabulary, dimension] array in a .npy file.")
    String embedding;
  }

  static final class InputFlags {
    @Option(names = "--" + INPUT, paramLabel = "PATH", order = 1, description = "Input path or URI.")
    String input;
    @Option(names = "--" + INPUT_FORMAT, order = 2,
        description = "Spark source: parquet, orc, json (csv cannot hold arrays). Default: parquet.")
    String inputFormat;
    @Option(names = "--" + INPUT_OPTIONS, paramLabel = "K=V,...", order = 3, description = "Reader options.")
    String inputOptions;
    @Option(names = "--" + ID_COLUMN, order = 4, description = "Id column, any type. Default: id.")
    String idColumn;
    @Option(names = "--" + SEQUENCE_COLUMN, order = 5, description = "Sequence column: array<array<float>>, "
        + "array<float> (flat, steps*features) or array<int|bigint> (token ids); doubles are converted. "
        + "Default: sequence.")
    String sequenceColumn;
    @Option(names = "--" + LENGTH_COLUMN, order = 6,
        description = "Integer column of valid steps. Default: the array length.")
    String lengthColumn;
    @Option(names = "--" + FEATURE_SIZE, order = 7,
        description = "Features per step of a flat array. Default: the model's input size.")
    String featureSize;
    @Option(names = "--" + PASS_THROUGH, paramLabel = "COLUMNS", order = 8,
        description = "Input columns copied unchanged to the output.")
    String passThrough;
  }

  static final class OutputFlags {
    @Option(names = "--" + OUTPUT, paramLabel = "PATH", order = 1, description = "Output path or URI.")
    String output;
    @Option(names = "--" + OUTPUT_FORMAT, order = 2, description = "Spark sink. Default: parquet.")
    String outputFormat;
    @Option(names = "--" + OUTPUT_OPTIONS, paramLabel = "K=V,...", order = 3, description = "Writer options.")
    String outputOptions;
    @Option(names = "--" + EMIT, paramLabel = "LIST", order = 4, description = "Any of: state (top layer h, "
        + "and c for LSTMs), all-states (every cell), outputs (per-step), mean, max (pooled over valid "
        + "steps). Default: state.")
    String emit;
    @Option(names = "--" + OUTPUT_LAYOUT, order = 5, description = "array (one array<float> column per "
        + "vector) or columns (one float column per dimension: h_0, h_1, ...). Default: array.")
    String outputLayout;
    @Option(names = "--" + PARTITION_BY, paramLabel = "COLUMNS", order = 6,
        description = "Partition the output by these pass-through columns.")
    String partitionBy;
    @Option(names = "--" + MODE, order = 7, description = "error, overwrite or append. Default: error.")
    String mode;
    @Option(names = "--" + DYNAMIC_PARTITION_OVERWRITE, paramLabel = "true|false", order = 8,
        description = "With --mode overwrite and --partition-by, replace only the partitions written. "
            + "Default: false.")
    String dynamicPartitionOverwrite;
    @Option(names = "--" + CLEAN_DEBRIS, paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
        order = 9, description = "Remove what killed runs left at or beside the outputs (staging folders, an "
            + "interrupted publish, Spark's _temporary) before writing; without it the job refuses to start. "
            + "Only when no other job writes to the same output. Default: false.")
    String cleanDebris;
  }

  static final class RunFlags {
    @Option(names = "--" + BATCH_SIZE, order = 1, description = "Sequences per mini-batch. Default: 256.")
    String batchSize;
    @Option(names = "--" + SORT_WINDOW, paramLabel = "ROWS", order = 2, description = "Rows read ahead and "
        + "grouped by length into mini-batches; memory per task is about this x the longest sequence. "
        + "Default: 2048.")
    String sortWindow;
    @Option(names = "--" + BAD_ROWS, order = 3,
        description = "fail, skip or quarantine. Default: fail.")
    String badRows;
    @Option(names = "--" + QUARANTINE_OUTPUT, paramLabel = "PATH", order = 4,
        description = "Where quarantined rows go. Default: the output path + _quarantine.")
    String quarantineOutput;
    @Option(names = "--" + PROGRESS_INTERVAL, paramLabel = "SECONDS", order = 5,
        description = "Seconds between progress lines; 0 for none. Default: 10.")
    String progressInterval;
    @Option(names = "--" + MASTER, order = 6, description = "Spark master when not run by spark-submit. "
        + "Default: local[*].")
    String master;
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = givenFlags(spec.commandLine().getParseResult());
    PrintWriter out = spec.commandLine().getOut();
    if (demo) {
      return Demo.run(flags, out);
    }
    JobConfig job = ConfigResolver.resolve(flags);
    return Scoring.run(job, out);
  }

  /** The options given on the command line, by option name (without dashes). */
  static Map<String, String> givenFlags(ParseResult parsed) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec option : parsed.matchedOptions()) {
      String name = option.longestName().substring(2);
      if (!name.equals("demo") && option.type() == String.class) {
        Object value = option.getValue();
        flags.put(name, String.valueOf(value));
      }
    }
    return flags;
  }
}
