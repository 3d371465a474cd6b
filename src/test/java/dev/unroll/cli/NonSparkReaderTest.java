package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's Parquet output read by a reader that is not Spark's (DuckDB's): same values, bit for bit,
 * as the golden files, in both layouts; and the writer's defaults for embeddings visible in the files.
 */
class NonSparkReaderTest {
  @TempDir Path dir;

  @Test
  void duckDbReadsTheArrayLayoutWithTheGoldenBits() throws Exception {
    Path out = GoldenOutputs.score(dir.resolve("array"));
    List<String> lines = query("SELECT id, day, h, c FROM " + files(out) + " ORDER BY id", r -> r.getLong(1) + " "
        + r.getString(2) + " " + GoldenOutputs.bits(floats(r.getArray(3))) + " "
        + GoldenOutputs.bits(floats(r.getArray(4))));
    assertEquals(Files.readAllLines(GoldenOutputs.fixture().resolve("expected-state.txt")), lines);
  }

  @Test
  void duckDbReadsTheColumnsLayoutWithTheGoldenBits() throws Exception {
    Path out = GoldenOutputs.score(dir.resolve("columns"), "--output-layout", "columns");
    List<String> lines = query("SELECT * FROM " + files(out) + " ORDER BY id", r -> r.getLong("id") + " "
        + r.getString("day") + " " + GoldenOutputs.bits(columns(r, "h")) + " "
        + GoldenOutputs.bits(columns(r, "c")));
    assertEquals(Files.readAllLines(GoldenOutputs.fixture().resolve("expected-state.txt")), lines);
  }

  @Test
  void floatAndIdColumnsAreWrittenWithoutDictionaryAndPassThroughColumnsKeepIt() throws Exception {
    Path out = GoldenOutputs.score(repeated(dir.resolve("in")), dir.resolve("out"));
    List<String> chunks = chunks(out);
    assertTrue(chunks.stream().anyMatch(chunk -> chunk.startsWith("id ")), chunks.toString());
    for (String chunk : chunks) {
      if (chunk.startsWith("h,") || chunk.startsWith("c,")) {
        assertFalse(chunk.contains("DICTIONARY"), chunk);
        assertTrue(chunk.endsWith("SNAPPY null"), chunk);
      }
      if (chunk.startsWith("id ")) {
        assertFalse(chunk.contains("DICTIONARY"), chunk);
        assertTrue(chunk.endsWith("SNAPPY 0"), chunk); // statistics stay: the smallest id
      }
      if (chunk.startsWith("day ")) {
        assertTrue(chunk.contains("DICTIONARY"), chunk);
        assertTrue(chunk.endsWith("SNAPPY 2026-11-29"), chunk); // the smallest day
      }
    }
  }

  @Test
  void outputOptionsOverrideTheDefaults() throws Exception {
    Path out = GoldenOutputs.score(repeated(dir.resolve("in")), dir.resolve("out"),
        "--output-options",
        "parquet.enable.dictionary=true,parquet.column.statistics.enabled=true,compression=zstd");
    List<String> chunks = chunks(out);
    assertFalse(chunks.isEmpty());
    for (String chunk : chunks) {
      if (chunk.startsWith("h,") || chunk.startsWith("c,")) {
        assertTrue(chunk.contains("DICTIONARY"), chunk);
        assertFalse(chunk.endsWith(" null"), chunk); // a minimum: statistics are back
      }
      assertTrue(chunk.contains(" ZSTD "), chunk);
    }
  }

  /**
   * 300 rows of one and the same sequence, so every h and c repeats: a dictionary is worth keeping, and
   * Parquet keeps one wherever it is enabled (on random floats it would give up on its own).
   */
  private static Path repeated(Path path) {
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
        .add("length", DataTypes.IntegerType).add("day", DataTypes.StringType);
    float[][] sequence = {{0.5f, -0.25f, 1f, 0f}, {0.125f, 0.75f, -1f, 0.5f}};
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 300; id++) {
      rows.add(RowFactory.create(id, sequence, 2, id % 2 == 0 ? "2026-11-29" : "2026-11-30"));
    }
    SharedSpark.session().createDataFrame(rows, schema).repartition(1).write().parquet(path.toString());
    return path;
  }

  /** {@code column-path encodings codec min}, one line per column chunk of the output's files. */
  private static List<String> chunks(Path out) throws SQLException {
    return query("SELECT path_in_schema, encodings, compression, stats_min_value FROM parquet_metadata(" + glob(out)
        + ")", r -> r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4));
  }

  private interface Line {
    String of(ResultSet row) throws SQLException;
  }

  private static List<String> query(String sql, Line line) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        lines.add(line.of(rows));
      }
    }
    return lines;
  }

  private static String glob(Path out) {
    return "'" + out.resolve("*.parquet").toString().replace("'", "''") + "'";
  }

  private static String files(Path out) {
    return "read_parquet(" + glob(out) + ")";
  }

  private static List<Float> floats(java.sql.Array array) throws SQLException {
    List<Float> values = new ArrayList<>();
    for (Object v : (Object[]) array.getArray()) {
      values.add((Float) v);
    }
    return values;
  }

  private static List<Float> columns(ResultSet row, String name) throws SQLException {
    Float[] values = new Float[GoldenOutputs.UNITS];
    for (int k = 0; k < values.length; k++) {
      values[k] = row.getFloat(name + "_" + k);
    }
    return Arrays.asList(values);
  }
}
