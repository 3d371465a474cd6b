package dev.unroll.spark.partition;

import dev.unroll.spark.plan.InputPlan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The bad rows of a {@code --bad-rows quarantine} run, handed to the driver by the scoring pass itself,
 * so that the quarantine is written without reading the input a second time. Bad rows are rare; a task
 * ships at most {@value #TASK_BUDGET_BYTES} bytes of them (which also bounds what the driver holds to
 * that much per task). A task that meets more only says so, and the driver then finds the bad rows with
 * a second pass over the input ({@link QuarantinePartition}).
 */
public final class RejectedRows implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int TASK_BUDGET_BYTES = 256 << 10;

  /** A bad row as the task saw it (its own copy) and why it was rejected. */
  record Rejected(InternalRow row, String reason) implements Serializable {}

  private final CollectionAccumulator<Rejected> rows = new CollectionAccumulator<>();
  private final LongAccumulator overBudget = new LongAccumulator();

  void register(SparkContext sc) {
    // unnamed, as ScoringMetrics' lists: Spark copies a named accumulator's whole value onto every task's
    // TaskInfo, which for up to a budget of rows per task grows with the square of the tasks
    sc.register(rows);
    sc.register(overBudget, "unroll.tasksOverQuarantineBudget");
  }

  /** Whether every bad row reached the driver; if not, {@link #rows()} is incomplete. */
  boolean complete() {
    return overBudget.sum() == 0;
  }

  /** The bad rows, each as its selected columns followed by the reason, in no particular order. */
  List<InternalRow> rows(StructType selected) {
    List<InternalRow> out = new ArrayList<>();
    for (Rejected r : rows.value()) {
      out.add(withReason(r.row(), selected, r.reason()));
    }
    return out;
  }

  /**
   * The bad rows as an RDD of the selected columns and a reason: those the scoring pass shipped, or, when
   * a task was over its budget, a second pass over {@code selected}. Counts them into {@code written}.
   */
  public JavaRDD<InternalRow> toRdd(SparkSession spark, Dataset<Row> selected, ModelBroadcast model, InputPlan plan,
      LongAccumulator written) {
    StructType schema = selected.schema();
    if (!complete()) {
      return Catalyst.internalRows(selected).toJavaRDD()
          .mapPartitions(new QuarantinePartition(model, plan, schema, written));
    }
    List<InternalRow> bad = rows(schema);
    written.add(bad.size());
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(bad, 1);
  }

  /** One task's side of the collection: keeps its own budget. */
  Task task() {
    return new Task();
  }

  final class Task {
    private long bytes;
    private boolean over;

    /** Ships {@code row}, with {@code reason}, to the driver while the task's budget lasts. */
    void add(InternalRow row, String reason) {
      if (over) {
        return;
      }
      bytes += row instanceof UnsafeRow u ? u.getSizeInBytes() : TASK_BUDGET_BYTES / 64;
      if (bytes > TASK_BUDGET_BYTES) {
        over = true;
        overBudget.add(1);
        return;
      }
      rows.add(new Rejected(row.copy(), reason));
    }
  }

  /** An own copy of {@code row}'s selected columns, followed by {@code reason}. */
  static InternalRow withReason(InternalRow row, StructType selected, String reason) {
    InternalRow own = row instanceof UnsafeRow ? row : row.copy();
    int n = selected.size();
    Object[] values = new Object[n + 1];
    for (int i = 0; i < n; i++) {
      values[i] = own.isNullAt(i) ? null : own.get(i, selected.fields()[i].dataType());
    }
    values[n] = UTF8String.fromString(reason);
    return new GenericInternalRow(values);
  }
}
