package dev.unroll.spark.partition;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The partition function over a columnar scan's batches ({@link ColumnarInput}): the same scoring as
 * {@link ScorePartition}, fed with row views over the batches' vectors instead of copied rows.
 */
public final class ScoreBatches implements FlatMapFunction<Iterator<ColumnarBatch>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private final ScorePartition score;
  private final BatchColumns columns;

  public ScoreBatches(ScorePartition score, BatchColumns columns) {
    this.score = score;
    this.columns = columns;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<ColumnarBatch> batches) {
    return score.call(columns.rows(batches));
  }
}
