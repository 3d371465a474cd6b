package dev.unroll.spark.partition;

import dev.unroll.spark.plan.InputPlan;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The second pass of {@code --bad-rows quarantine}, run only when the scoring pass met more bad rows
 * than it ships to the driver ({@link RejectedRows}): runs the same checks as scoring (no unroll) and
 * hands on each bad row's selected columns with a {@code reason} column. Bad rows are rare, so this
 * path may box.
 */
public final class QuarantinePartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private final ModelBroadcast model;
  private final InputPlan plan;
  private final StructType selected;
  private final LongAccumulator written;

  public QuarantinePartition(ModelBroadcast model, InputPlan plan, StructType selected, LongAccumulator written) {
    this.model = model;
    this.plan = plan;
    this.selected = selected;
    this.written = written;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    SequenceReader reader = new SequenceReader(plan, ExecutorModels.get(model).embedding());
    return new Iterator<>() {
      private float[] scratch = new float[0];
      private InternalRow pending;

      @Override
      public boolean hasNext() {
        while (pending == null && rows.hasNext()) {
          InternalRow row = rows.next();
          String reason = check(row);
          if (reason != null) {
            pending = RejectedRows.withReason(row, selected, reason);
            written.add(1);
          }
        }
        return pending != null;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        InternalRow row = pending;
        pending = null;
        return row;
      }

      private String check(InternalRow row) {
        int steps = reader.validSteps(row);
        if (steps < 0) {
          return reader.problem();
        }
        if (scratch.length < steps * plan.stepWidth()) {
          scratch = new float[steps * plan.stepWidth()];
        }
        return reader.copy(steps, scratch, 0) ? null : reader.problem();
      }
    };
  }
}
