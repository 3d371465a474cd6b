package dev.unroll.sql;

import dev.unroll.config.ConfigException;
import dev.unroll.ml.RnnEncoder;
import dev.unroll.spark.plan.PreflightException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code unroll_score(TABLE(input), weights [, options])}: the rows of {@code input} scored by the
 * {@link RnnEncoder} these arguments describe, so in mini-batches through the score job's own partition
 * function. {@code options} is a {@code map} of score-job option names to text values ({@code
 * map('cell', 'basic_lstm', 'length-column', 'length')}). Every mistake is an {@code AnalysisException}
 * raised while the query is analysed, before anything runs.
 */
final class ScoreFunction implements Function1<Seq<Expression>, LogicalPlan> {
  static final String NAME = "unroll_score";

  private static final String USAGE = NAME + "(TABLE(input), 'weights path' [, map('option', 'value', ...)])";

  static Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, LogicalPlan>> description() {
    String usage = USAGE + " - scores each row's sequence with a recurrent model, in mini-batches; the options "
        + "are the score job's (cell, units, id-column, length-column, emit, output-layout, batch-size, ...).";
    ExpressionInfo info = new ExpressionInfo(ScoreFunction.class.getName(), null, NAME, usage, "", "", "", "", "",
        "", "java_udf");
    return new Tuple3<>(FunctionIdentifier.apply(NAME), info, new ScoreFunction());
  }

  @Override
  public LogicalPlan apply(Seq<Expression> arguments) {
    List<Expression> args = CollectionConverters.asJava(arguments);
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
      Dataset<Row> input = org.apache.spark.sql.classic.Dataset.ofRows(
          (org.apache.spark.sql.classic.SparkSession) SparkSession.active(), table.plan());
      return ((org.apache.spark.sql.classic.Dataset<Row>) encoder.transform(input)).logicalPlan();
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
    return ScoreFunction.<RuntimeException>raise(new AnalysisException(NAME + ": " + message, Option.empty(),
        Option.empty(), Option.empty(), Option.empty(), scala.collection.immutable.Map$.MODULE$.empty(),
        new org.apache.spark.QueryContext[0]));
  }

  /** Throws {@code t}: AnalysisException is checked in Java, and Scala's apply declares nothing. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E raise(Throwable t) throws E {
    throw (E) t;
  }
}
