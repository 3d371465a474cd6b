package dev.unroll.config;

import java.util.List;

/**
 * The name of every job option. The same name is the command-line flag (with {@code --}) and the key in
 * a job configuration file; lists are comma-separated in both.
 */
public final class JobOptions {
  private JobOptions() {}

  /** Job configuration file (Java properties, these names as keys); flags given on the command line win. */
  public static final String CONFIG = "config";

  // --- model
  /** Weights file: a path or any Hadoop URI (hdfs://, s3a://, file:). */
  public static final String WEIGHTS = "weights";
  /** TensorFlow v1 cell type: basic_rnn, basic_lstm, lstm or gru; inferred from the weights when unset. */
  public static final String CELL = "cell";
  /** Expected units per cell, checked against the weights. */
  public static final String UNITS = "units";
  /** Cell activation (tanh, relu, sigmoid, linear, elu, softsign, relu6); tanh when unset. */
  public static final String ACTIVATION = "activation";
  /** TF v1 LSTM forget_bias, which checkpoints do not store; 1.0 when unset. */
  public static final String FORGET_BIAS = "forget-bias";
  /** TF LSTMCell cell_clip; none when unset. */
  public static final String CELL_CLIP = "cell-clip";
  /** TF LSTMCell proj_clip; none when unset. */
  public static final String PROJ_CLIP = "proj-clip";
  /** Expected cells stacked per direction (a MultiRNNCell's depth), checked against the weights. */
  public static final String LAYERS = "layers";
  /** Expected direction, forward or bidirectional, checked against the weights. */
  public static final String DIRECTION = "direction";
  /** Variable-scope prefix of the RNN to load when the weights file holds several (e.g. encoder). */
  public static final String SCOPE = "scope";
  /** Embedding table for token-id sequences: a float32 .npy file of shape [vocabulary, dimension]. */
  public static final String EMBEDDING = "embedding";

  // --- input
  /** Input path or URI, read with Spark's own reader. */
  public static final String INPUT = "input";
  /** Spark data source of the input: parquet, orc, json (csv cannot hold arrays). */
  public static final String INPUT_FORMAT = "input-format";
  /** Extra reader options, key=value pairs separated by commas. */
  public static final String INPUT_OPTIONS = "input-options";
  /** Column identifying a row; any type; copied to the output. */
  public static final String ID_COLUMN = "id-column";
  /** Column holding the sequence: array<array<float>>, array<float> (flat) or array<int|long> (token ids). */
  public static final String SEQUENCE_COLUMN = "sequence-column";
  /** Optional integer column giving how many steps of the sequence are valid; else the array length. */
  public static final String LENGTH_COLUMN = "length-column";
  /** Features per step of a flat array<float> sequence; the model's input size when unset. */
  public static final String FEATURE_SIZE = "feature-size";
  /** Input columns copied unchanged to the output. */
  public static final String PASS_THROUGH = "pass-through";

  // --- output
  /** Output path or URI. */
  public static final String OUTPUT = "output";
  /** Spark data source of the output: parquet, orc, json, ... */
  public static final String OUTPUT_FORMAT = "output-format";
  /** Extra writer options, key=value pairs separated by commas. */
  public static final String OUTPUT_OPTIONS = "output-options";
  /** What to write besides the id: state, all-states, outputs, mean, max. */
  public static final String EMIT = "emit";
  /** Vectors as one array<float> column (array) or one float column per dimension (columns). */
  public static final String OUTPUT_LAYOUT = "output-layout";
  /** Output columns to partition by (each must be a pass-through column). */
  public static final String PARTITION_BY = "partition-by";
  /** What to do when the output exists: error, overwrite or append. */
  public static final String MODE = "mode";
  /** With mode overwrite and partition-by: replace only the partitions this run writes. */
  public static final String DYNAMIC_PARTITION_OVERWRITE = "dynamic-partition-overwrite";
  /** Remove what killed runs left at or beside the outputs (refused otherwise) before writing. */
  public static final String CLEAN_DEBRIS = "clean-debris";

  // --- run
  /** Sequences per mini-batch given to the unroll. */
  public static final String BATCH_SIZE = "batch-size";
  /** Rows read ahead and ordered by length before cutting mini-batches (memory: window x longest). */
  public static final String SORT_WINDOW = "sort-window";
  /** What to do with a bad row: fail, skip or quarantine. */
  public static final String BAD_ROWS = "bad-rows";
  /** Where quarantined rows go; the output path with suffix _quarantine when unset. */
  public static final String QUARANTINE_OUTPUT = "quarantine-output";
  /** Seconds between progress lines from the driver; 0 for none. */
  public static final String PROGRESS_INTERVAL = "progress-interval";
  /** Spark master when not launched by spark-submit (which sets spark.master); local[*] when unset. */
  public static final String MASTER = "master";

  /** Every option a job configuration file may set. */
  public static final List<String> ALL = List.of(
      WEIGHTS, CELL, UNITS, ACTIVATION, FORGET_BIAS, CELL_CLIP, PROJ_CLIP, LAYERS, DIRECTION, SCOPE, EMBEDDING,
      INPUT, INPUT_FORMAT, INPUT_OPTIONS, ID_COLUMN, SEQUENCE_COLUMN, LENGTH_COLUMN, FEATURE_SIZE,
      PASS_THROUGH, OUTPUT, OUTPUT_FORMAT, OUTPUT_OPTIONS, EMIT, OUTPUT_LAYOUT, PARTITION_BY, MODE,
      DYNAMIC_PARTITION_OVERWRITE, CLEAN_DEBRIS, BATCH_SIZE, SORT_WINDOW, BAD_ROWS, QUARANTINE_OUTPUT,
      PROGRESS_INTERVAL, MASTER);
}
