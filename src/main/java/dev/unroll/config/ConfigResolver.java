package dev.unroll.config;

import static dev.unroll.config.JobOptions.*;

import dev.unroll.math.Activation;
import dev.unroll.weights.ModelHints;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds the {@link JobConfig} from raw option strings. Precedence: a command-line flag, else the job
 * configuration file ({@code --config}), else the default listed in {@link #DEFAULTS}.
 */
public final class ConfigResolver {
  private ConfigResolver() {}

  /** Defaults of the options that have one; every other option is unset unless given. */
  public static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry(INPUT_FORMAT, "parquet"),
      Map.entry(ID_COLUMN, "id"),
      Map.entry(SEQUENCE_COLUMN, "sequence"),
      Map.entry(OUTPUT_FORMAT, "parquet"),
      Map.entry(EMIT, "state"),
      Map.entry(OUTPUT_LAYOUT, "array"),
      Map.entry(MODE, "error"),
      Map.entry(DYNAMIC_PARTITION_OVERWRITE, "false"),
      Map.entry(CLEAN_DEBRIS, "false"),
      Map.entry(BATCH_SIZE, "256"),
      Map.entry(SORT_WINDOW, "2048"),
      Map.entry(BAD_ROWS, "fail"),
      Map.entry(PROGRESS_INTERVAL, "10"));

  /**
   * Resolves {@code flags} (option name without dashes → raw value, only the flags given), reading the
   * job configuration file named by {@code flags.get("config")} if there is one.
   */
  public static JobConfig resolve(Map<String, String> flags) {
    String file = flags.get(CONFIG);
    return resolve(flags, file == null ? Map.of() : readFile(Path.of(file)));
  }

  /** Resolves flags over file values over defaults. */
  public static JobConfig resolve(Map<String, String> flags, Map<String, String> file) {
    Map<String, String> v = new HashMap<>(DEFAULTS);
    v.putAll(file);
    v.putAll(flags);
    Values values = new Values(v);

    Direction direction = values.choice(DIRECTION, Direction.class);
    String scope = values.optional(SCOPE);
    ModelHints hints = new ModelHints(
        values.choice(CELL, ModelHints.CellType.class),
        values.positiveInt(UNITS),
        values.activation(ACTIVATION),
        values.finiteFloat(FORGET_BIAS),
        values.finiteFloat(CELL_CLIP),
        values.finiteFloat(PROJ_CLIP),
        values.positiveInt(LAYERS),
        direction == null ? null : direction == Direction.BIDIRECTIONAL,
        scope == null ? null : scope.replaceAll("^/+|/+$", ""));
    JobConfig.Model model = new JobConfig.Model(values.required(WEIGHTS), hints, values.optional(EMBEDDING));

    JobConfig.Input input = new JobConfig.Input(
        values.required(INPUT),
        values.format(INPUT_FORMAT),
        values.keyValues(INPUT_OPTIONS),
        values.required(ID_COLUMN),
        values.required(SEQUENCE_COLUMN),
        values.optional(LENGTH_COLUMN),
        values.positiveInt(FEATURE_SIZE),
        values.list(PASS_THROUGH));

    List<Emit> emits = new ArrayList<>();
    for (String e : values.list(EMIT)) {
      emits.add(parseChoice(EMIT, e, Emit.class));
    }
    if (emits.isEmpty()) {
      throw new ConfigException("--emit lists nothing: give at least one of " + names(Emit.class));
    }
    JobConfig.Output output = new JobConfig.Output(
        values.required(OUTPUT),
        values.format(OUTPUT_FORMAT),
        values.keyValues(OUTPUT_OPTIONS),
        EnumSet.copyOf(emits),
        values.choice(OUTPUT_LAYOUT, OutputLayout.class),
        values.list(PARTITION_BY),
        values.choice(MODE, WriteMode.class),
        values.bool(DYNAMIC_PARTITION_OVERWRITE),
        values.optional(QUARANTINE_OUTPUT),
        values.bool(CLEAN_DEBRIS));

    JobConfig.Run run = new JobConfig.Run(
        values.positiveInt(BATCH_SIZE),
        values.positiveInt(SORT_WINDOW),
        values.choice(BAD_ROWS, BadRowPolicy.class),
        values.nonNegativeInt(PROGRESS_INTERVAL),
        values.optional(MASTER));
    return new JobConfig(model, input, output, run);
  }

  /** Reads a job configuration file: Java properties whose keys are option names. */
  public static Map<String, String> readFile(Path path) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read job configuration file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!JobOptions.ALL.contains(key)) {
        throw new ConfigException("job configuration file " + path + " sets unknown option '" + key
            + "'; known options: " + String.join(", ", JobOptions.ALL));
      }
      values.put(key, p.getProperty(key).trim());
    }
    return values;
  }

  static <E extends Enum<E>> E parseChoice(String option, String raw, Class<E> type) {
    String name = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new ConfigException(
        "--" + option + ": '" + raw + "' is not one of " + names(type));
  }

  private static String names(Class<? extends Enum<?>> type) {
    return String.join(", ", Arrays.stream(type.getEnumConstants()).map(JobConfig::lower).toList());
  }

  /** Raw values with parsing that names the option in every error. */
  private record Values(Map<String, String> raw) {

    String optional(String option) {
      String s = raw.get(option);
      return s == null || s.isBlank() ? null : s.trim();
    }

    String required(String option) {
      String s = optional(option);
      if (s == null) {
        throw new ConfigException("--" + option + " is required (on the command line or in --config)");
      }
      return s;
    }

    String format(String option) {
      return required(option).toLowerCase(Locale.ROOT);
    }

    List<String> list(String option) {
      String s = optional(option);
      if (s == null) {
        return List.of();
      }
      return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    Map<String, String> keyValues(String option) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String pair : list(option)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException("--" + option + ": expected key=value, found '" + pair + "'");
        }
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return out;
    }

    Integer positiveInt(String option) {
      Integer n = integer(option);
      if (n != null && n <= 0) {
        throw new ConfigException("--" + option + " must be positive, got " + n);
      }
      return n;
    }

    Integer nonNegativeInt(String option) {
      Integer n = integer(option);
      if (n != null && n < 0) {
        throw new ConfigException("--" + option + " must be 0 or more, got " + n);
      }
      return n;
    }

    private Integer integer(String option) {
      String s = optional(option);
      try {
        return s == null ? null : Integer.valueOf(s);
      } catch (NumberFormatException e) {
        throw new ConfigException("--" + option + ": expected an integer, found '" + s + "'");
      }
    }

    Float finiteFloat(String option) {
      String s = optional(option);
      if (s == null) {
        return null;
      }
      try {
        float f = Float.parseFloat(s);
        if (Float.isFinite(f)) {
          return f;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ConfigException("--" + option + ": expected a finite number, found '" + s + "'");
    }

    boolean bool(String option) {
      String s = required(option).toLowerCase(Locale.ROOT);
      if (!Set.of("true", "false").contains(s)) {
        throw new ConfigException("--" + option + ": expected true or false, found '" + s + "'");
      }
      return Boolean.parseBoolean(s);
    }

    <E extends Enum<E>> E choice(String option, Class<E> type) {
      String s = optional(option);
      return s == null ? null : parseChoice(option, s, type);
    }

    Activation activation(String option) {
      String s = optional(option);
      try {
        return s == null ? null : Activation.fromTensorFlowName(s);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--" + option + ": " + e.getMessage());
      }
    }
  }
}
