package dev.unroll.spark.plan;

import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The first rows of the input, read before the job starts: when none of them has steps of the width
 * the model takes, every row would be rejected, so the job stops before any work and says which
 * widths it found.
 */
final class InputSample {
  private InputSample() {}

  /** Rows read; enough to see a width the model takes if the data has it, few enough to be instant. */
  static final int ROWS = 100;

  static void requireWidth(Dataset<Row> input, InputPlan plan) {
    if (plan.layout() == SequenceLayout.TOKENS) {
      return; // ids are looked up one by one; the table's width was checked against the model
    }
    Column seq = InputPlan.column(plan.sequenceColumn());
    int width = plan.stepWidth();
    // get(.., 0) is null on an empty array where element_at fails under ANSI mode
    Column size = plan.layout() == SequenceLayout.NESTED ? functions.size(functions.get(seq, functions.lit(0)))
        : functions.size(seq);
    List<Row> rows = input.limit(ROWS).select(size.as("n")).collectAsList();
    TreeSet<Integer> seen = new TreeSet<>();
    for (Row r : rows) {
      if (!r.isNullAt(0) && r.getInt(0) > 0) {
        seen.add(r.getInt(0));
      }
    }
    if (seen.isEmpty()) {
      return; // only null or empty sequences: the rows themselves will say so
    }
    if (plan.layout() == SequenceLayout.NESTED && !seen.contains(width)) {
      throw new PreflightException("column '" + plan.sequenceColumn() + "': the model takes " + width
          + " features per step but the steps of the first " + rows.size() + " rows hold " + list(seen)
          + ": use the model trained on this data, or check --sequence-column");
    }
    if (plan.layout() == SequenceLayout.FLAT && seen.stream().noneMatch(n -> n % width == 0)) {
      throw new PreflightException("column '" + plan.sequenceColumn() + "': " + width + " features per step"
          + " (--feature-size or the model's input size) but none of the first " + rows.size() + " rows holds"
          + " a multiple of " + width + " values (they hold " + list(seen) + "): set --feature-size or use"
          + " the matching model");
    }
  }

  private static String list(TreeSet<Integer> widths) {
    List<String> shown = widths.stream().limit(10).map(String::valueOf).toList();
    return String.join(", ", shown) + (widths.size() > 10 ? ", ..." : "");
  }
}
