package dev.unroll.spark.plan;

import dev.unroll.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The first rows of the input, read before the job starts: when none of them has steps of the width
 * the model takes, every row would be rejected, so the job stops before any work and says which
 * widths it found. Parquet input without reader options is sampled on the driver ({@link ParquetSample});
 * anything else, and Parquet whose lists that reader does not take, by a small Spark job.
 */
final class InputSample {
  private InputSample() {}

  /** Rows read; enough to see a width the model takes if the data has it, few enough to be instant. */
  static final int ROWS = 100;

  static void requireWidth(Configuration hadoop, JobConfig.Input in, InputFiles.First first, Dataset<Row> input,
      InputPlan plan) {
    if (plan.layout() == SequenceLayout.TOKENS) {
      return; // ids are looked up one by one; the table's width was checked against the model
    }
    // reader options (a glob filter, a merged schema) could make Spark read other files than listed here
    ParquetSample.Sizes sample = in.format().equals("parquet") && in.options().isEmpty()
        ? ParquetSample.read(hadoop, first.files(), first.all(), plan.sequenceColumn(),
            plan.layout() == SequenceLayout.NESTED ? 2 : 1, ROWS)
        : null;
    requireWidth(sample != null ? sample : sparkSample(input, plan), plan);
  }

  /** The sample read by Spark: the first rows of its first partition, as many as {@link #ROWS}. */
  private static ParquetSample.Sizes sparkSample(Dataset<Row> input, InputPlan plan) {
    Column seq = InputPlan.column(plan.sequenceColumn());
    // get(.., 0) is null on an empty array where element_at fails under ANSI mode
    Column size = plan.layout() == SequenceLayout.NESTED ? functions.size(functions.get(seq, functions.lit(0)))
        : functions.size(seq);
    List<Row> rows = input.limit(ROWS).select(size.as("n")).collectAsList();
    List<Integer> sizes = new ArrayList<>();
    for (Row r : rows) {
      if (!r.isNullAt(0) && r.getInt(0) > 0) {
        sizes.add(r.getInt(0));
      }
    }
    return new ParquetSample.Sizes(rows.size(), sizes);
  }

  private static void requireWidth(ParquetSample.Sizes sample, InputPlan plan) {
    int width = plan.stepWidth();
    TreeSet<Integer> seen = new TreeSet<>(sample.sizes());
    if (seen.isEmpty()) {
      return; // only null or empty sequences: the rows themselves will say so
    }
    if (plan.layout() == SequenceLayout.NESTED && !seen.contains(width)) {
      throw new PreflightException("column '" + plan.sequenceColumn() + "': the model takes " + width
          + " features per step but the steps of the first " + sample.rows() + " rows hold " + list(seen)
          + ": use the model trained on this data, or check --sequence-column");
    }
    if (plan.layout() == SequenceLayout.FLAT && seen.stream().noneMatch(n -> n % width == 0)) {
      throw new PreflightException("column '" + plan.sequenceColumn() + "': " + width + " features per step"
          + " (--feature-size or the model's input size) but none of the first " + sample.rows() + " rows holds"
          + " a multiple of " + width + " values (they hold " + list(seen) + "): set --feature-size or use"
          + " the matching model");
    }
  }

  private static String list(TreeSet<Integer> widths) {
    List<String> shown = widths.stream().limit(10).map(String::valueOf).toList();
    return String.join(", ", shown) + (widths.size() > 10 ? ", ..." : "");
  }
}
