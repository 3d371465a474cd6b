package dev.unroll.cli;

import dev.unroll.config.ConfigException;
import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.config.JobOption.Group;
import dev.unroll.config.JobOption;
import dev.unroll.model.ModelHints;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The picocli flags of {@link JobOption}: each option's flag, label and help come from its one
 * definition. Values stay strings here; {@code ConfigResolver} parses them, so a flag and the same key in
 * a job configuration file are read alike.
 */
final class JobFlags {
  private JobFlags() {}

  /** Adds the options of {@code groups} to {@code spec}, one usage section per heading. */
  static CommandSpec add(CommandSpec spec, Group... groups) {
    Map<String, ArgGroupSpec.Builder> sections = new LinkedHashMap<>();
    for (JobOption option : JobOption.of(groups)) {
      OptionSpec.Builder flag = OptionSpec.builder(option.flag())
          .type(String.class)
          .paramLabel(option.paramLabel())
          // picocli formats descriptions: a literal % is written %%
          .description(option.usage().replace("%", "%%"));
      if (option.isSwitch()) {
        flag.arity("0..1").fallbackValue("true");
      }
      sections.computeIfAbsent(option.group().heading(),
              heading -> ArgGroupSpec.builder().heading("%n" + heading + ":%n").exclusive(false)
                  // a flag given twice starts a second match of its section; the last value wins
                  .multiplicity("0..*").validate(false)
                  .order(sections.size() + 1))
          .addArg(flag.build());
    }
    sections.values().forEach(section -> spec.addArgGroup(section.build()));
    return spec;
  }

  /**
   * The command as given, for the run report: {@code unroll score} and its arguments, each {@code key=value}
   * pair of a secret key (reader and writer options such as {@code fs.s3a.secret.key}) masked as the logged
   * configuration masks it.
   */
  static String commandLine(ParseResult parsed) {
    StringBuilder line = new StringBuilder("unroll score");
    for (String arg : parsed.originalArgs()) {
      line.append(' ').append(masked(arg));
    }
    return line.toString();
  }

  private static String masked(String arg) {
    String prefix = "";
    String rest = arg;
    if (arg.startsWith("--") && arg.contains("=")) {
      prefix = arg.substring(0, arg.indexOf('=') + 1);
      rest = arg.substring(prefix.length());
    }
    StringBuilder out = new StringBuilder(prefix);
    String[] pairs = rest.split(",", -1);
    for (int i = 0; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      String key = eq < 0 ? "" : pairs[i].substring(0, eq);
      out.append(i == 0 ? "" : ",").append(eq > 0 && JobConfig.isSecret(key) ? key + "=****" : pairs[i]);
    }
    return out.toString();
  }

  /** The job options given on the command line: option name (without dashes) to raw value. */
  static Map<String, String> given(ParseResult parsed) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec matched : parsed.matchedOptions()) {
      JobOption option = JobOption.byKey(matched.longestName().substring(2));
      if (option != null) {
        Object value = matched.getValue();
        flags.put(option.key(), String.valueOf(value));
      }
    }
    return flags;
  }

  /** The weights file and what the flags say of its model, as inspect and verify take them. */
  record Weights(String path, ModelHints hints, boolean allowNonFinite) {}

  /**
   * The weights and model flags given to {@code spec}'s command.
   *
   * @throws ParameterException naming the flag when --weights is missing or a model flag is wrong
   */
  static Weights weights(CommandSpec spec) {
    Map<String, String> given = given(spec.commandLine().getParseResult());
    String path = given.get(JobOption.WEIGHTS.key());
    if (path == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--weights=PATH'");
    }
    try {
      return new Weights(path, ConfigResolver.hints(given), ConfigResolver.allowNonFiniteWeights(given));
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Every job option: what {@code score} takes. */
  static final class All implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      return add(spec, Group.values());
    }
  }

  /** The model options {@code inspect} and {@code verify} share with {@code score}. */
  static final class Model implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      return add(spec, Group.MODEL);
    }
  }
}
