package dev.unroll.spark.partition;

import dev.unroll.report.RunStats;
import dev.unroll.report.TaskTiming;
import dev.unroll.spark.plan.OutputPlan;
import dev.unroll.spark.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;

/**
 * One task's share of the run report's statistics, gathered window by window from what the window
 * already holds (lengths, the written {@code h} and {@code c} vectors): no second pass over the data and
 * nothing kept per row. Handed to the {@link StatsAccumulator} once, when the partition ends.
 */
final class WindowStats {
  /** The vectors the report describes, when the run writes them. */
  private static final List<String> DESCRIBED = List.of("h", "c");

  private final PartitionPlan plan;
  private final List<OutputPlan.VectorField> fields = new ArrayList<>();
  private final RunStats stats;
  private final long startMillis = System.currentTimeMillis();
  private long windowStartMillis;
  private long rows;
  private final GenericInternalRow idRow = new GenericInternalRow(1);

  WindowStats(PartitionPlan plan) {
    this.plan = plan;
    List<String> names = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (String name : DESCRIBED) {
      for (OutputPlan.VectorField f : plan.output().vectors()) {
        if (f.name().equals(name)) {
          fields.add(f);
          names.add(name);
          widths.add(f.width());
        }
      }
    }
    this.stats = RunStats.empty(names, widths);
  }

  void windowStarts() {
    windowStartMillis = System.currentTimeMillis();
  }

  /** Counts a window once it is scored: {@code read} rows were read for it. */
  void windowScored(ScoringWindow window, long read) {
    rows += read;
    stats.throughput().add(windowStartMillis, System.currentTimeMillis(), read);
    stats.addLengths(window.lengths, window.count);
    int stride = plan.output().vectorWidth();
    for (int i = 0; i < fields.size(); i++) {
      stats.embedding(i).addBlock(window.vectors, window.count, stride, fields.get(i).offset(), r -> id(window, r));
    }
  }

  void rejected(String reason, String id) {
    stats.badRows().add(reason, id);
  }

  /** Ends the task's share: its timing, then everything to the accumulator. */
  void finish(StatsAccumulator into, long readNanos, long scoreNanos) {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    stats.addTask(new TaskTiming(task == null ? -1 : task.partitionId(), env == null ? "driver" : env.executorId(),
        startMillis, System.currentTimeMillis(), readNanos, scoreNanos, rows));
    into.add(stats);
  }

  private String id(ScoringWindow window, int row) {
    window.kept.copyTo(row, 0, idRow, 0);
    return idRow.isNullAt(0) ? "null" : String.valueOf(idRow.get(0, plan.input().idType()));
  }
}
