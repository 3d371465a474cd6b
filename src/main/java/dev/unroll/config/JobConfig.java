package dev.unroll.config;

import dev.unroll.model.ModelHints;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything a scoring job needs to know, resolved (flag, then job configuration file, then default)
 * and validated once on the driver by {@link ConfigResolver}. Immutable.
 */
public record JobConfig(Model model, Input input, Output output, Run run) {

  /**
   * The weights and what the user declares about them (checked by the loader against the file).
   *
   * @param embedding path of a float32 {@code [vocabulary, dimension]} .npy table, or null
   * @param allowNonFiniteWeights score weights holding NaN or infinite values instead of refusing them
   */
  public record Model(String weights, ModelHints hints, String embedding, boolean allowNonFiniteWeights) {}

  /**
   * Where the sequences come from.
   *
   * @param lengthColumn null when every array is used whole
   * @param featureSize features per step of a flat array, or null for the model's input size
   */
  public record Input(
      String path,
      String format,
      Map<String, String> options,
      String idColumn,
      String sequenceColumn,
      String lengthColumn,
      Integer featureSize,
      List<String> passThrough) {
    public Input {
      options = Map.copyOf(options);
      passThrough = List.copyOf(passThrough);
    }
  }

  /**
   * Where and what the job writes.
   *
   * @param cleanDebris whether to remove what killed runs left at or beside the outputs, rather than refuse
   * @param report where the run report goes: null for the output folder, {@link #NO_REPORT} for none
   */
  public record Output(
      String path,
      String format,
      Map<String, String> options,
      Set<Emit> emit,
      OutputLayout layout,
      List<String> partitionBy,
      WriteMode mode,
      boolean dynamicPartitionOverwrite,
      String quarantinePath,
      boolean cleanDebris,
      String report) {
    /** The value of {@code --report} that turns the report off. */
    public static final String NO_REPORT = "none";

    public Output {
      options = Map.copyOf(options);
      emit = Set.copyOf(emit);
      partitionBy = List.copyOf(partitionBy);
    }

    /** Whether the run writes a report (and its tasks gather statistics for it). */
    public boolean reporting() {
      return !NO_REPORT.equals(report);
    }
  }

  /**
   * How the job runs.
   *
   * @param sortWindow rows read ahead and ordered by length before being cut into mini-batches
   * @param maxRejected the most rows a run may skip or quarantine before it fails and writes nothing
   * @param sparkProgress whether Spark's own console progress bar is shown too (unless its configuration says)
   * @param master Spark master to use when none is configured, or null
   */
  public record Run(int batchSize, int sortWindow, BadRowPolicy badRows, RejectLimit maxRejected,
      int progressIntervalSeconds, boolean sparkProgress, String master) {}

  /** Reader or writer option keys whose values are never logged. */
  private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|token|credential|key).*");

  public JobConfig {
    require(!input.idColumn().equals(input.sequenceColumn()),
        "--id-column and --sequence-column name the same column '" + input.idColumn() + "'");
    Set<String> seen = new HashSet<>(List.of(input.idColumn(), input.sequenceColumn()));
    for (String column : input.passThrough()) {
      require(seen.add(column), "--pass-through lists '" + column
          + "', which is already the id, the sequence or another pass-through column");
    }
    for (String column : output.partitionBy()) {
      require(input.passThrough().contains(column),
          "--partition-by column '" + column + "' must also be listed in --pass-through");
    }
    require(!output.dynamicPartitionOverwrite()
            || (output.mode() == WriteMode.OVERWRITE && !output.partitionBy().isEmpty()),
        "--dynamic-partition-overwrite needs --mode overwrite and --partition-by");
    require(run.batchSize() > 0, "--batch-size must be positive, got " + run.batchSize());
    require(run.sortWindow() >= run.batchSize(),
        "--sort-window (" + run.sortWindow() + ") must be at least --batch-size (" + run.batchSize() + ")");
    require(run.progressIntervalSeconds() >= 0,
        "--progress-interval must be 0 or more seconds, got " + run.progressIntervalSeconds());
    require(output.quarantinePath() == null || run.badRows() == BadRowPolicy.QUARANTINE,
        "--quarantine-output is set but --bad-rows is " + run.badRows().name().toLowerCase(Locale.ROOT)
            + ", not quarantine");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new ConfigException(message);
    }
  }

  /** Where quarantined rows go: the given path, or the output path with {@code _quarantine}. */
  public String quarantinePath() {
    if (output.quarantinePath() != null) {
      return output.quarantinePath();
    }
    String out = output.path().endsWith("/") ? output.path().substring(0, output.path().length() - 1)
        : output.path();
    return out + "_quarantine";
  }

  /**
   * One {@code option = value} line per option, in {@link JobOption} order, secrets masked, for the job log;
   * an option left unset shows what its default means.
   */
  public List<String> describe() {
    ModelHints h = model.hints();
    Map<JobOption, Object> v = new EnumMap<>(JobOption.class);
    v.put(JobOption.WEIGHTS, model.weights());
    v.put(JobOption.CELL, h.cell() == null ? null : spelled(h.cell()));
    v.put(JobOption.UNITS, h.units());
    v.put(JobOption.ACTIVATION, h.activation() == null ? null : h.activation().describe());
    v.put(JobOption.FORGET_BIAS, h.forgetBias());
    v.put(JobOption.CELL_CLIP, h.cellClip());
    v.put(JobOption.PROJ_CLIP, h.projClip());
    v.put(JobOption.LAYERS, h.layers());
    v.put(JobOption.DIRECTION, h.bidirectional() == null ? null : h.bidirectional() ? "bidirectional" : "forward");
    v.put(JobOption.SCOPE, h.scope());
    v.put(JobOption.ALLOW_NON_FINITE_WEIGHTS, model.allowNonFiniteWeights());
    v.put(JobOption.EMBEDDING, model.embedding());
    v.put(JobOption.INPUT, input.path());
    v.put(JobOption.INPUT_FORMAT, input.format());
    v.put(JobOption.INPUT_OPTIONS, masked(input.options()));
    v.put(JobOption.ID_COLUMN, input.idColumn());
    v.put(JobOption.SEQUENCE_COLUMN, input.sequenceColumn());
    v.put(JobOption.LENGTH_COLUMN, input.lengthColumn());
    v.put(JobOption.FEATURE_SIZE, input.featureSize());
    v.put(JobOption.PASS_THROUGH, joined(input.passThrough()));
    v.put(JobOption.OUTPUT, output.path());
    v.put(JobOption.OUTPUT_FORMAT, output.format());
    v.put(JobOption.OUTPUT_OPTIONS, masked(output.options()));
    v.put(JobOption.EMIT, joined(output.emit().stream().sorted().map(JobConfig::lower).toList()));
    v.put(JobOption.OUTPUT_LAYOUT, lower(output.layout()));
    v.put(JobOption.PARTITION_BY, joined(output.partitionBy()));
    v.put(JobOption.MODE, lower(output.mode()));
    v.put(JobOption.DYNAMIC_PARTITION_OVERWRITE, output.dynamicPartitionOverwrite());
    v.put(JobOption.REPORT, output.report());
    v.put(JobOption.CLEAN_DEBRIS, output.cleanDebris());
    v.put(JobOption.BATCH_SIZE, run.batchSize());
    v.put(JobOption.SORT_WINDOW, run.sortWindow());
    v.put(JobOption.BAD_ROWS, lower(run.badRows()));
    v.put(JobOption.MAX_REJECTED, run.maxRejected().describe());
    v.put(JobOption.QUARANTINE_OUTPUT, run.badRows() == BadRowPolicy.QUARANTINE ? quarantinePath() : "(not quarantining)");
    v.put(JobOption.PROGRESS_INTERVAL, run.progressIntervalSeconds());
    v.put(JobOption.SPARK_PROGRESS, run.sparkProgress());
    v.put(JobOption.MASTER, run.master());
    List<String> lines = new ArrayList<>();
    for (JobOption option : JobOption.values()) {
      Object value = v.get(option);
      lines.add(option.key() + " = " + (value == null ? "(" + option.defaultShown() + ")" : value));
    }
    return lines;
  }

  private static String joined(List<String> values) {
    return values.isEmpty() ? null : String.join(",", values);
  }

  /** Whether a reader or writer option named {@code key} holds a secret, whose value is never shown. */
  public static boolean isSecret(String key) {
    return SECRET.matcher(key).matches();
  }

  private static String masked(Map<String, String> options) {
    if (options.isEmpty()) {
      return null;
    }
    Map<String, String> shown = new TreeMap<>();
    options.forEach((k, value) -> shown.put(k, isSecret(k) ? "****" : value));
    return shown.toString();
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A choice as its option spells it: TensorFlow's cell names keep their underscore (basic_lstm). */
  static String spelled(Enum<?> e) {
    return e instanceof ModelHints.CellType ? e.name().toLowerCase(Locale.ROOT) : lower(e);
  }
}
