package dev.unroll.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * Registers unroll's SQL functions in every session: start Spark with
 * {@code --conf spark.sql.extensions=dev.unroll.sql.UnrollExtensions} and the job jar on the classpath, then
 * {@code SELECT * FROM unroll_score(TABLE(events), '/models/m.npz', map('cell', 'basic_lstm'))}.
 */
public final class UnrollExtensions implements Function1<SparkSessionExtensions, BoxedUnit> {

  @Override
  @SuppressWarnings("unchecked") // the raw description fits the Scala build's Seq (see ScoreFunction)
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectTableFunction(ScoreFunction.description());
    return BoxedUnit.UNIT;
  }
}
