package dev.unroll.spark.partition;

import dev.unroll.spark.plan.PartitionPlan;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The partition function: selected input rows in, output rows out, lazily. Holds only the broadcast
 * model (its chunks), plain configuration and the accumulators it reports to.
 */
public final class ScorePartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private final ModelBroadcast model;
  private final PartitionPlan plan;
  private final ScoringMetrics metrics;

  public ScorePartition(ModelBroadcast model, PartitionPlan plan, ScoringMetrics metrics) {
    this.model = model;
    this.plan = plan;
    this.metrics = metrics;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    metrics.noteMatmul();
    ExecutorModels.Prepared prepared = ExecutorModels.get(model);
    ExecutorModels.warmUp(prepared.model().model(), plan.batchSize());
    return new ScoringIterator(rows, model, prepared, plan, metrics);
  }
}
