package dev.unroll.ml;

import static dev.unroll.config.JobOption.*;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.ConfigException;
import dev.unroll.config.ConfigResolver;
import dev.unroll.config.Emit;
import dev.unroll.config.JobConfig;
import dev.unroll.config.JobOption;
import dev.unroll.config.OutputLayout;
import dev.unroll.config.RejectLimit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * The transformer's params resolved into the parts of a job configuration the scoring pass takes, parsed by
 * the same code as the score job's flags; what belongs to the job only (paths, formats, the sink) is absent.
 */
record EncoderSettings(JobConfig.Model model, JobConfig.Input input, JobConfig.Output output, JobConfig.Run run) {

  /**
   * @param values the options given, by option, spelled as flags
   * @param schema the input's schema: without a {@code passThrough} param, every column but the sequence and
   *     length columns is passed through
   */
  static EncoderSettings of(Map<JobOption, String> values, StructType schema) {
    Map<String, String> raw = new HashMap<>();
    values.forEach((option, value) -> raw.put(option.key(), value));
    String weights = values.get(WEIGHTS);
    if (weights == null) {
      throw new ConfigException("the weights param is not set: setWeights(path) names the weights file");
    }
    JobConfig.Model model = new JobConfig.Model(weights, ConfigResolver.hints(raw), values.get(EMBEDDING),
        ConfigResolver.allowNonFiniteWeights(raw));

    String id = values.get(ID_COLUMN);
    String sequence = values.get(SEQUENCE_COLUMN);
    String length = values.get(LENGTH_COLUMN);
    List<String> passThrough = values.containsKey(PASS_THROUGH) ? list(values.get(PASS_THROUGH))
        : Arrays.stream(schema.fieldNames()).filter(c -> !c.equals(id) && !c.equals(sequence)
            && !c.equals(length)).toList();
    JobConfig.Input input = new JobConfig.Input(null, null, Map.of(), id, sequence, length,
        values.containsKey(FEATURE_SIZE) ? Integer.valueOf(values.get(FEATURE_SIZE)) : null, passThrough);

    List<Emit> emits = new ArrayList<>();
    for (String e : list(values.get(EMIT))) {
      emits.add(ConfigResolver.parseChoice(EMIT, e, Emit.class));
    }
    if (emits.isEmpty()) {
      throw new ConfigException("the emit param lists nothing: give at least one of state, all-states, outputs, "
          + "mean, max");
    }
    OutputLayout layout = ConfigResolver.parseChoice(OUTPUT_LAYOUT, values.get(OUTPUT_LAYOUT), OutputLayout.class);
    JobConfig.Output output =
        new JobConfig.Output(null, null, Map.of(), EnumSet.copyOf(emits), layout, List.of(), null, false, null, false,
            JobConfig.Output.NO_REPORT);

    BadRowPolicy badRows = ConfigResolver.parseChoice(BAD_ROWS, values.get(BAD_ROWS), BadRowPolicy.class);
    if (badRows == BadRowPolicy.QUARANTINE) {
      throw new ConfigException("badRows quarantine writes the bad rows to a second output, which only the score "
          + "job has: use fail, or skip (skipped rows are counted in the unroll.rowsRejected accumulator)");
    }
    int batch = Integer.parseInt(values.get(BATCH_SIZE));
    int window = Integer.parseInt(values.get(SORT_WINDOW));
    if (window < batch) {
      throw new ConfigException("sortWindow (" + window + ") must be at least batchSize (" + batch + ")");
    }
    // a transformer writes nothing of its own: skipped rows are counted, not limited (--max-rejected is the job's)
    RejectLimit anyNumber = new RejectLimit(-1, 1.0);
    return new EncoderSettings(model, input, output, new JobConfig.Run(batch, window, badRows, anyNumber, 0, false, null));
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
