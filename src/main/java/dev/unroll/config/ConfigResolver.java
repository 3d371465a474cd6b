package dev.unroll.config;

import static dev.unroll.config.JobOption.*;

import dev.unroll.math.Activation;
import dev.unroll.model.ActivationNames;
import dev.unroll.model.ModelHints;
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

  /** The options that have a default value, with it; every other option is unset unless given. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (JobOption option : JobOption.values()) {
      if (option.defaultValue() != null) {
        defaults.put(option.key(), option.defaultValue());
      }
    }
    return Map.copyOf(defaults);
  }

  /**
   * Resolves {@code flags} (option name without dashes → raw value, only the flags given), reading the
   * job configuration file named by {@code flags.get("config")} if there is one.
   */
  public static JobConfig resolve(Map<String, String> flags) {
    String file = flags.get(CONFIG_FILE);
    return resolve(flags, file == null ? Map.of() : readFile(Path.of(file)));
  }

  /** The flag naming the job configuration file: a flag of score only, not a key of the file itself. */
  public static final String CONFIG_FILE = "config";

  /** Resolves flags over file values over defaults. */
  public static JobConfig resolve(Map<String, String> flags, Map<String, String> file) {
    Map<String, String> v = new HashMap<>(DEFAULTS);
    v.putAll(file);
    v.putAll(flags);
    Values values = new Values(v);

    ModelHints hints = hints(values);
    JobConfig.Model model = new JobConfig.Model(values.required(WEIGHTS), hints, values.optional(EMBEDDING),
        values.bool(ALLOW_NON_FINITE_WEIGHTS));

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
        values.bool(CLEAN_DEBRIS),
        values.optional(REPORT));

    JobConfig.Run run = new JobConfig.Run(
        values.positiveInt(BATCH_SIZE),
        values.positiveInt(SORT_WINDOW),
        values.choice(BAD_ROWS, BadRowPolicy.class),
        RejectLimit.parse(MAX_REJECTED, values.required(MAX_REJECTED)),
        values.nonNegativeInt(PROGRESS_INTERVAL),
        values.bool(SPARK_PROGRESS),
        values.optional(MASTER));
    return new JobConfig(model, input, output, run);
  }

  /**
   * The model options among {@code given} (option name without dashes to raw value): what inspect and
   * verify take, parsed as score parses them.
   */
  public static ModelHints hints(Map<String, String> given) {
    return hints(new Values(given));
  }

  /** Whether {@code given} allows weights holding NaN or infinite values ({@code --allow-non-finite-weights}). */
  public static boolean allowNonFiniteWeights(Map<String, String> given) {
    Map<String, String> withDefault = new HashMap<>(DEFAULTS);
    withDefault.putAll(given);
    return new Values(withDefault).bool(ALLOW_NON_FINITE_WEIGHTS);
  }

  private static ModelHints hints(Values values) {
    Direction direction = values.choice(DIRECTION, Direction.class);
    String scope = values.optional(SCOPE);
    return new ModelHints(
        values.choice(CELL, ModelHints.CellType.class),
        values.positiveInt(UNITS),
        values.activation(ACTIVATION),
        values.finiteFloat(FORGET_BIAS),
        values.positiveFloat(CELL_CLIP),
        values.positiveFloat(PROJ_CLIP),
        values.positiveInt(LAYERS),
        direction == null ? null : direction == Direction.BIDIRECTIONAL,
        scope == null ? null : scope.replaceAll("^/+|/+$", ""));
  }

  /** Reads a job configuration file: Java properties whose keys are option names. */
  public static Map<String, String> readFile(Path path) {
    Properties p = new Properties();
    if (!Files.isRegularFile(path)) {
      throw new ConfigException("--" + CONFIG_FILE + " " + path + ": no such file"
          + (Files.isDirectory(path) ? " (it is a folder)" : "") + "; check the path");
    }
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read job configuration file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (JobOption.byKey(key) == null) {
        throw new ConfigException("job configuration file " + path + " sets unknown option '" + key
            + "'; known options: " + String.join(", ", JobOption.keys()));
      }
      values.put(key, p.getProperty(key).trim());
    }
    return values;
  }

  /** {@code raw} as one of {@code type}'s constants (as the option spells them), or an error naming the option. */
  public static <E extends Enum<E>> E parseChoice(JobOption option, String raw, Class<E> type) {
    String name = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new ConfigException(
        option.flag() + ": '" + raw + "' is not one of " + names(type));
  }

  private static String names(Class<? extends Enum<?>> type) {
    return String.join(", ", Arrays.stream(type.getEnumConstants()).map(JobConfig::spelled).toList());
  }

  /** Raw values with parsing that names the option in every error. */
  private record Values(Map<String, String> raw) {

    String optional(JobOption option) {
      String s = raw.get(option.key());
      return s == null || s.isBlank() ? null : s.trim();
    }

    String required(JobOption option) {
      String s = optional(option);
      if (s == null) {
        throw new ConfigException(option.flag() + " is required (on the command line or in --config)");
      }
      return s;
    }

    String format(JobOption option) {
      return required(option).toLowerCase(Locale.ROOT);
    }

    List<String> list(JobOption option) {
      String s = optional(option);
      if (s == null) {
        return List.of();
      }
      return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    Map<String, String> keyValues(JobOption option) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String pair : list(option)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException(option.flag() + ": expected key=value, found '" + pair + "'");
        }
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return out;
    }

    Integer positiveInt(JobOption option) {
      Integer n = integer(option);
      if (n != null && n <= 0) {
        throw new ConfigException(option.flag() + " must be positive, got " + n);
      }
      return n;
    }

    Integer nonNegativeInt(JobOption option) {
      Integer n = integer(option);
      if (n != null && n < 0) {
        throw new ConfigException(option.flag() + " must be 0 or more, got " + n);
      }
      return n;
    }

    private Integer integer(JobOption option) {
      String s = optional(option);
      try {
        return s == null ? null : Integer.valueOf(s);
      } catch (NumberFormatException e) {
        throw new ConfigException(option.flag() + ": expected an integer, found '" + s + "'");
      }
    }

    Float finiteFloat(JobOption option) {
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
      throw new ConfigException(option.flag() + ": expected a finite number, found '" + s + "'");
    }

    Float positiveFloat(JobOption option) {
      Float f = finiteFloat(option);
      if (f != null && f <= 0) {
        throw new ConfigException(option.flag() + " must be positive, got " + f);
      }
      return f;
    }

    boolean bool(JobOption option) {
      String s = required(option).toLowerCase(Locale.ROOT);
      if (!Set.of("true", "false").contains(s)) {
        throw new ConfigException(option.flag() + ": expected true or false, found '" + s + "'");
      }
      return Boolean.parseBoolean(s);
    }

    <E extends Enum<E>> E choice(JobOption option, Class<E> type) {
      String s = optional(option);
      return s == null ? null : parseChoice(option, s, type);
    }

    Activation activation(JobOption option) {
      String s = optional(option);
      try {
        return s == null ? null : ActivationNames.fromTensorFlowName(s);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(option.flag() + ": " + e.getMessage());
      }
    }
  }
}
