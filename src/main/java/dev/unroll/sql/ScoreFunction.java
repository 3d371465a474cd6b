package dev.unroll.sql;

import dev.unroll.config.ConfigException;
import dev.unroll.ml.RnnEncoder;
import dev.unroll.spark.partition.Catalyst;
import dev.unroll.spark.partition.ScalaCollections;
import dev.unroll.spark.plan.PreflightException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.FunctionTableSubqueryArgumentExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import scala.Function1;
import scala.Tuple3;

/**
 * {@code unroll_score(TABLE(input), weights [, options])}: the rows of {@code input} scored by the
 * {@link RnnEncoder} these arguments describe, so in mini-batches through the score job's own partition
 * function. {@code options} is a {@code map} of score-job option names to text values ({@code
 * map('cell', 'basic_lstm', 'length-column', 'length')}). Every mistake is an {@code AnalysisException}
 * raised while the query is analysed, before anything runs.
 */
final class ScoreFunction implements Function1<scala.collection.Iterable<Expression>, LogicalPlan> {
  static final String NAME = "unroll_score";

  private static final String USAGE = NAME + "(TABLE(input), 'weights path' [, map('option', 'value', ...)])";

  /**
   * What {@code SparkSessionExtensions.injectTableFunction} takes. Raw, because its builder's argument is a
   * {@code Seq} of Scala 2.13's immutable kind or of 2.12's general kind by the Scala build (both reach
   * {@link #apply} as a {@code scala.collection.Iterable}).
   */
  @SuppressWarnings("rawtypes")
  static Tuple3 description() {
    String usage = USAGE + " - scores each row's sequence with a recurrent model, in mini-batches; the options "
        + "are the score job's (cell, units, id-column, length-column, emit, output-layout, batch-size, ...).";
    ExpressionInfo info = new ExpressionInfo(ScoreFunction.class.getName(), null, NAME, usage, "", "", "", "", "",
        "", "java_udf");
    return new Tuple3<>(FunctionIdentifier.apply(NAME), info, new ScoreFunction());
  }

  @Override
  public LogicalPlan apply(scala.collection.Iterable<Expression> arguments) {
    List<Expression> args = ScalaCollections.asJava(arguments);
    if (args.size() < 2 || args.size() > 3) {
      throw error("takes 2 or 3 arguments, " + USAGE + "; got " + args.size());
    }
    if (!(args.get(0) instanceof FunctionTableSubqueryArgumentExpression table)) {
      throw error("the first argument must be a table, TABLE(name) or TABLE(SELECT ...); got "
          + args.get(0).sql());
    }
    RnnEncoder encoder = new RnnEncoder().setWeights(text(args.get(1)));
    try {
      if (args.size() == 3) {
        encoder.setOptions(options(args.get(2)));
      }
      return Catalyst.logicalPlan(encoder.transform(Catalyst.dataFrame(SparkSession.active(), table.plan())));
    } catch (ConfigException | PreflightException | IllegalArgumentException | IllegalStateException e) {
      throw error(e.getMessage());
    }
  }

  private static String text(Expression e) {
    if (!e.foldable() || !e.dataType().equals(DataTypes.StringType)) {
      throw error("the second argument is the weights path, a string constant; got " + e.sql());
    }
    Object value = e.eval(null);
    if (value == null) {
      throw error("the weights path is null");
    }
    return value.toString();
  }

  private static Map<String, String> options(Expression e) {
    if (!e.foldable() || !(e.dataType() instanceof MapType type) || !type.keyType().equals(DataTypes.StringType)
        || !type.valueType().equals(DataTypes.StringType)) {
      throw error("the third argument is the options, a map of strings such as map('cell', 'basic_lstm'); got "
          + e.sql() + " of type " + e.dataType().simpleString());
    }
    MapData map = (MapData) e.eval(null);
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; map != null && i < map.numElements(); i++) {
      Object value = map.valueArray().get(i, DataTypes.StringType);
      options.put(map.keyArray().get(i, DataTypes.StringType).toString(), value == null ? null : value.toString());
    }
    return options;
  }

  /**
   * Throws an analysis error, one line naming the function and what is wrong, as Spark's own functions do;
   * declared to return one so callers can write {@code throw error(...)}.
   */
  private static RuntimeException error(String message) {
    return ScoreFunction.<RuntimeException>raise(Catalyst.analysisError(NAME + ": " + message));
  }

  /** Throws {@code t}: AnalysisException is checked in Java, and Scala's apply declares nothing. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E raise(Throwable t) throws E {
    throw (E) t;
  }
}
