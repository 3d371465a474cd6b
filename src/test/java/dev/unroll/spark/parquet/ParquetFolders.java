package dev.unroll.spark.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/** The output folder of a one-task write, read as a file and through DuckDB (a reader that is not Spark's). */
final class ParquetFolders {
  private ParquetFolders() {}

  /** Checks one row of a DuckDB result, the {@code index}-th. */
  interface RowCheck {
    void check(int index, ResultSet row) throws SQLException;
  }

  /** The folder's one data file. */
  static Path dataFile(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> data = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
      assertEquals(1, data.size(), "one data file in " + folder);
      return data.get(0);
    }
  }

  /** Reads {@code columns} of the folder's files with DuckDB, checks each row, and returns how many there were. */
  static int duckDbRows(Path folder, String columns, RowCheck check) throws SQLException {
    int rows = 0;
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet result = statement.executeQuery("SELECT " + columns + " FROM read_parquet('" + folder
            + "/*.parquet')")) {
      while (result.next()) {
        check.check(rows++, result);
      }
    }
    return rows;
  }
}
