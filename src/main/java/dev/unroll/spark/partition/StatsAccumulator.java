package dev.unroll.spark.partition;

import dev.unroll.report.RunStats;
import java.util.List;
import org.apache.spark.util.AccumulatorV2;

/**
 * The run report's statistics, merged from the tasks on the driver as Spark merges any accumulator: each
 * task adds its own {@link RunStats} once, when its partition ends. A failed attempt's statistics are
 * dropped with it, so a retried partition counts once. Its size is bounded by the vectors' width and the
 * number of tasks, not by the rows.
 */
public final class StatsAccumulator extends AccumulatorV2<RunStats, RunStats> {
  private static final long serialVersionUID = 1L;
  private RunStats stats = RunStats.empty(List.of(), List.of());
  private boolean zero = true;

  @Override
  public boolean isZero() {
    return zero;
  }

  @Override
  public StatsAccumulator copy() {
    StatsAccumulator copy = new StatsAccumulator();
    copy.merge(this);
    return copy;
  }

  @Override
  public void reset() {
    stats = RunStats.empty(List.of(), List.of());
    zero = true;
  }

  @Override
  public void add(RunStats task) {
    stats.merge(task);
    zero = false;
  }

  @Override
  public void merge(AccumulatorV2<RunStats, RunStats> other) {
    if (other instanceof StatsAccumulator s && !s.zero) {
      add(s.stats);
    }
  }

  @Override
  public RunStats value() {
    return stats;
  }
}
