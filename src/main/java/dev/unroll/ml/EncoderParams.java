package dev.unroll.ml;

import static dev.unroll.config.JobOption.*;

import dev.unroll.config.ConfigException;
import dev.unroll.config.JobOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Spark ML {@code Param}s of {@link RnnEncoder}: one per option of the score job that belongs to the
 * model or the columns, each named as its flag in camel case ({@code --id-column} is {@code idColumn}),
 * with the flag's help and default from {@link JobOption}, so the two never drift apart.
 */
public abstract class EncoderParams extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;
  /** The params by the option they stand for, in {@link JobOption} order. */
  @SuppressWarnings("serial") // a LinkedHashMap (javac 21+ checks the declared type)
  private final Map<JobOption, Param<?>> byOption = new LinkedHashMap<>();

  private final Param<String> weights;
  private final Param<String> weightsSha256;
  private final Param<String> cell;
  private final IntParam units;
  private final Param<String> activation;
  private final FloatParam forgetBias;
  private final FloatParam cellClip;
  private final FloatParam projClip;
  private final IntParam layers;
  private final Param<String> direction;
  private final Param<String> scope;
  private final Param<String> embedding;
  private final Param<String> idColumn;
  private final Param<String> sequenceColumn;
  private final Param<String> lengthColumn;
  private final IntParam featureSize;
  private final StringArrayParam passThrough;
  private final StringArrayParam emit;
  private final Param<String> outputLayout;
  private final IntParam batchSize;
  private final IntParam sortWindow;
  private final Param<String> badRows;

  @SuppressWarnings("this-escape") // Spark's Params declare their defaults in the constructor (javac 21+)
  protected EncoderParams(String uid) {
    this.uid = uid;
    weights = text(WEIGHTS);
    weightsSha256 = new Param<>(uid, "weightsSha256", "SHA-256 of the weights file, recorded when the stage "
        + "is saved; a file that no longer matches is refused when the stage is loaded or run.");
    cell = text(CELL);
    units = integer(UNITS);
    activation = text(ACTIVATION);
    forgetBias = decimal(FORGET_BIAS);
    cellClip = decimal(CELL_CLIP);
    projClip = decimal(PROJ_CLIP);
    layers = integer(LAYERS);
    direction = text(DIRECTION);
    scope = text(SCOPE);
    embedding = text(EMBEDDING);
    idColumn = text(ID_COLUMN);
    sequenceColumn = text(SEQUENCE_COLUMN);
    lengthColumn = text(LENGTH_COLUMN);
    featureSize = integer(FEATURE_SIZE);
    passThrough = list(PASS_THROUGH, "Input columns copied to the output; by default every input column but "
        + "the sequence and length columns, as Spark's transformers keep their input.");
    emit = list(EMIT, EMIT.help());
    outputLayout = text(OUTPUT_LAYOUT);
    batchSize = integer(BATCH_SIZE);
    sortWindow = integer(SORT_WINDOW);
    badRows = new Param<>(uid, name(BAD_ROWS), "fail or skip (quarantine writes a second output, which only the "
        + "score job has; skipped rows are counted in the unroll.rowsRejected accumulator).");
    byOption.put(BAD_ROWS, badRows);
    setDefault(badRows, BAD_ROWS.defaultValue());
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The param's name for an option: its flag in camel case. */
  static String name(JobOption option) {
    String[] words = option.key().split("-");
    StringBuilder s = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      s.append(words[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(words[i].substring(1));
    }
    return s.toString();
  }

  private Param<String> text(JobOption option) {
    Param<String> p = new Param<>(uid, name(option), option.help());
    byOption.put(option, p);
    if (option.defaultValue() != null) {
      setDefault(p, option.defaultValue());
    }
    return p;
  }

  private IntParam integer(JobOption option) {
    IntParam p = new IntParam(uid, name(option), option.help(), ParamValidators.gt(0));
    byOption.put(option, p);
    if (option.defaultValue() != null) {
      setDefault(p, Integer.valueOf(option.defaultValue()));
    }
    return p;
  }

  private FloatParam decimal(JobOption option) {
    FloatParam p = new FloatParam(uid, name(option), option.help());
    byOption.put(option, p);
    return p;
  }

  private StringArrayParam list(JobOption option, String doc) {
    StringArrayParam p = new StringArrayParam(this, name(option), doc);
    byOption.put(option, p);
    if (option.defaultValue() != null) {
      setDefault(p, option.defaultValue().split(","));
    }
    return p;
  }

  /**
   * Sets the param of the score job's option {@code key} (as its flag spells it, without dashes: {@code
   * batch-size}) from its text, as the SQL function's options map and a job configuration file give it.
   *
   * @throws ConfigException for an option the stage does not take, or a value of the wrong type
   */
  void setOption(String key, String text) {
    JobOption option = JobOption.byKey(key);
    Param<?> param = option == null ? null : byOption.get(option);
    if (param == null) {
      throw new ConfigException("unknown option '" + key + "'; the options are "
          + String.join(", ", byOption.keySet().stream().map(JobOption::key).toList()));
    }
    Object value;
    try {
      if (param instanceof IntParam) {
        value = Integer.valueOf(text.trim());
      } else if (param instanceof FloatParam) {
        value = Float.valueOf(text.trim());
      } else if (param instanceof StringArrayParam) {
        value = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
      } else {
        value = text;
      }
    } catch (NumberFormatException e) {
      throw new ConfigException("option '" + key + "': expected a number, found '" + text + "'");
    }
    set(param.name(), value);
  }

  /**
   * Every option with a value (set or default) as the score job's flags spell it: lists comma-separated,
   * numbers in decimal.
   */
  Map<JobOption, String> optionValues() {
    Map<JobOption, String> values = new LinkedHashMap<>();
    byOption.forEach((option, param) -> {
      if (isDefined(param)) {
        Object v = getOrDefault(param);
        values.put(option, v instanceof String[] list ? String.join(",", Arrays.asList(list)) : v.toString());
      }
    });
    return values;
  }

  public Param<String> weights() {
    return weights;
  }

  public Param<String> weightsSha256() {
    return weightsSha256;
  }

  public Param<String> cell() {
    return cell;
  }

  public IntParam units() {
    return units;
  }

  public Param<String> activation() {
    return activation;
  }

  public FloatParam forgetBias() {
    return forgetBias;
  }

  public FloatParam cellClip() {
    return cellClip;
  }

  public FloatParam projClip() {
    return projClip;
  }

  public IntParam layers() {
    return layers;
  }

  public Param<String> direction() {
    return direction;
  }

  public Param<String> scope() {
    return scope;
  }

  public Param<String> embedding() {
    return embedding;
  }

  public Param<String> idColumn() {
    return idColumn;
  }

  public Param<String> sequenceColumn() {
    return sequenceColumn;
  }

  public Param<String> lengthColumn() {
    return lengthColumn;
  }

  public IntParam featureSize() {
    return featureSize;
  }

  public StringArrayParam passThrough() {
    return passThrough;
  }

  public StringArrayParam emit() {
    return emit;
  }

  public Param<String> outputLayout() {
    return outputLayout;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam sortWindow() {
    return sortWindow;
  }

  public Param<String> badRows() {
    return badRows;
  }
}
