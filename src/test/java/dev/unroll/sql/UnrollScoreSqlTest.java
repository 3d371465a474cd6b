package dev.unroll.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.ml.EncoderFixture;
import dev.unroll.ml.RnnEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code unroll_score} through {@code spark.sql}, in a session started with {@link UnrollExtensions}. */
class UnrollScoreSqlTest {
  @TempDir static Path dir;

  private static Path weights;

  private static SparkSession spark() {
    if (weights == null) {
      weights = EncoderFixture.weights(dir.resolve("model"));
      EncoderFixture.frame(EncoderFixture.sequences(25, 3), 2).createOrReplaceTempView("events");
    }
    return EncoderFixture.spark();
  }

  @Test
  void theTableFunctionGivesTheTransformersRows() {
    SparkSession spark = spark();
    List<Row> sql = spark.sql("SELECT * FROM unroll_score(TABLE(events), '" + weights + "', "
        + "map('cell', 'basic_lstm', 'units', '16', 'length-column', 'length', 'batch-size', '4')) ORDER BY id")
        .collectAsList();
    List<Row> stage = new RnnEncoder().setWeights(weights.toString()).setCell("basic_lstm").setUnits(16)
        .setLengthColumn("length").transform(spark.table("events")).orderBy("id").collectAsList();
    assertEquals(25, sql.size());
    assertEquals(List.of("id", "day", "h", "c"), List.of(sql.get(0).schema().fieldNames()));
    assertEquals(stage, sql);
  }

  @Test
  void theReadmesStatementsRunAsWritten() throws Exception {
    SparkSession spark = spark();
    // the demo input the README's view reads: the test rows as Parquet
    Path demoInput = dir.resolve("demo_input");
    spark.table("events").write().parquet(demoInput.toString());
    String readme = Files.readString(Path.of("README.md"));
    int block = readme.indexOf("```sql\n", readme.indexOf("\n### SQL: `unroll_score")) + "```sql\n".length();
    List<String> statements = List.of(readme.substring(block, readme.indexOf("```", block))
        .replace("`out/demo_input`", "`" + demoInput + "`")
        .replace("'out/demo_model/demo-lstm.npz'", "'" + weights + "'").split(";\\s*"));
    assertEquals(2, statements.size(), "the README's SQL example: " + statements);
    spark.catalog().dropTempView("events"); // the example creates it, as in a new spark-sql session
    spark.sql(statements.get(0));
    List<Row> rows = spark.sql(statements.get(1)).collectAsList();
    List<Row> stage = new RnnEncoder().setWeights(weights.toString()).setCell("basic_lstm")
        .setLengthColumn("length").transform(spark.read().parquet(demoInput.toString())).select("id", "day", "h")
        .orderBy("id").limit(3).collectAsList();
    assertEquals(List.of(1000L, 1001L, 1002L), rows.stream().map(r -> r.getLong(0)).toList());
    assertEquals(stage, rows);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown option | TABLE(events), 'WEIGHTS', map('cell', 'basic_lstm', 'colour', 'red')"
          + " | unroll_score: unknown option 'colour'; the options are weights, cell, units",
      "missing weights | TABLE(events), '/no/such/model.npz', map('cell', 'basic_lstm')"
          + " | unroll_score: cannot use --weights /no/such/model.npz: /no/such/model.npz: no such file",
      "wrong column type | TABLE(SELECT id, 'x' AS sequence FROM events), 'WEIGHTS', map('cell', 'basic_lstm')"
          + " | unroll_score: column 'sequence' is string; a sequence column must be array<array<float|double>>",
      "not a table | 'events', 'WEIGHTS'"
          + " | unroll_score: the first argument must be a table, TABLE(name) or TABLE(SELECT ...); got 'events'",
      "options not a map | TABLE(events), 'WEIGHTS', 'cell=basic_lstm'"
          + " | unroll_score: the third argument is the options, a map of strings such as map('cell', 'basic_lstm')"})
  void aBadArgumentIsAnAnalysisErrorNamingIt(String what, String arguments, String message) {
    SparkSession spark = spark();
    String query = "SELECT * FROM unroll_score(" + arguments.replace("WEIGHTS", weights.toString()) + ")";
    AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(query).collectAsList());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
