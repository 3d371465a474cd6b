package dev.unroll.config;

import dev.unroll.weights.ModelHints;
import java.util.ArrayList;
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
   */
  public record Model(String weights, ModelHints hints, String embedding) {}

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
      boolean cleanDebris) {
    public Output {
      options = Map.copyOf(options);
      emit = Set.copyOf(emit);
      partitionBy = List.copyOf(partitionBy);
    }
  }

  /**
   * How the job runs.
   *
   * @param sortWindow rows read ahead and ordered by length before being cut into mini-batches
   * @param master Spark master to use when none is configured, or null
   */
  public record Run(
      int batchSize, int sortWindow, BadRowPolicy badRows, int progressIntervalSeconds, String master) {}

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

  /** One {@code option = value} line per setting, secrets masked, for the job log. */
  public List<String> describe() {
    ModelHints h = model.hints();
    Map<String, Object> v = new TreeMap<>();
    v.put(JobOptions.WEIGHTS, model.weights());
    v.put(JobOptions.CELL, h.cell() == null ? "(from weights)" : lower(h.cell()));
    v.put(JobOptions.UNITS, h.units() == null ? "(from weights)" : h.units());
    v.put(JobOptions.ACTIVATION, h.activation() == null ? "tanh" : h.activation().describe());
    v.put(JobOptions.FORGET_BIAS, h.forgetBias() == null ? 1.0f : h.forgetBias());
    v.put(JobOptions.LAYERS, h.layers() == null ? "(from weights)" : h.layers());
    v.put(JobOptions.DIRECTION, h.bidirectional() == null ? "(from weights)"
        : h.bidirectional() ? "bidirectional" : "forward");
    v.put(JobOptions.SCOPE, h.scope() == null ? "(the only RNN in the file)" : h.scope());
    v.put(JobOptions.EMBEDDING, model.embedding() == null ? "none" : model.embedding());
    v.put(JobOptions.INPUT, input.path());
    v.put(JobOptions.INPUT_FORMAT, input.format());
    v.put(JobOptions.INPUT_OPTIONS, masked(input.options()));
    v.put(JobOptions.ID_COLUMN, input.idColumn());
    v.put(JobOptions.SEQUENCE_COLUMN, input.sequenceColumn());
    v.put(JobOptions.LENGTH_COLUMN, input.lengthColumn() == null ? "(array length)" : input.lengthColumn());
    v.put(JobOptions.FEATURE_SIZE, input.featureSize() == null ? "(model input size)" : input.featureSize());
    v.put(JobOptions.PASS_THROUGH, String.join(",", input.passThrough()));
    v.put(JobOptions.OUTPUT, output.path());
    v.put(JobOptions.OUTPUT_FORMAT, output.format());
    v.put(JobOptions.OUTPUT_OPTIONS, masked(output.options()));
    v.put(JobOptions.EMIT, output.emit().stream().sorted().map(JobConfig::lower).toList());
    v.put(JobOptions.OUTPUT_LAYOUT, lower(output.layout()));
    v.put(JobOptions.PARTITION_BY, String.join(",", output.partitionBy()));
    v.put(JobOptions.MODE, lower(output.mode()));
    v.put(JobOptions.DYNAMIC_PARTITION_OVERWRITE, output.dynamicPartitionOverwrite());
    v.put(JobOptions.CLEAN_DEBRIS, output.cleanDebris());
    v.put(JobOptions.BATCH_SIZE, run.batchSize());
    v.put(JobOptions.SORT_WINDOW, run.sortWindow());
    v.put(JobOptions.BAD_ROWS, lower(run.badRows()));
    if (run.badRows() == BadRowPolicy.QUARANTINE) {
      v.put(JobOptions.QUARANTINE_OUTPUT, quarantinePath());
    }
    v.put(JobOptions.PROGRESS_INTERVAL, run.progressIntervalSeconds());
    v.put(JobOptions.MASTER, run.master() == null ? "(from Spark)" : run.master());
    List<String> lines = new ArrayList<>();
    v.forEach((k, value) -> lines.add(k + " = " + value));
    return lines;
  }

  private static String masked(Map<String, String> options) {
    Map<String, String> shown = new TreeMap<>();
    options.forEach((k, value) -> shown.put(k, SECRET.matcher(k).matches() ? "****" : value));
    return shown.toString();
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
