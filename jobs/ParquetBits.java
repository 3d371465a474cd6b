import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Prints a scored output's rows ordered by id, one line each: the id, then the raw bits of every float of
 * h and c. Read with DuckDB (not Spark), so outputs of different Spark lines are compared by a reader of
 * their own. Run by jobs/demo-all-lines.sh: java -cp duckdb_jdbc.jar jobs/ParquetBits.java OUTPUT_FOLDER
 */
public final class ParquetBits {
  public static void main(String[] args) throws Exception {
    String files = args[0].replace("'", "''") + "/**/*.parquet";
    String query = "SELECT id, h, c FROM read_parquet('" + files + "', hive_partitioning = true) ORDER BY id";
    StringBuilder out = new StringBuilder();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        out.append(rows.getLong(1));
        for (int col = 2; col <= 3; col++) {
          out.append(col == 2 ? " h" : " c");
          for (Object value : (Object[]) rows.getArray(col).getArray()) {
            out.append(' ').append(Integer.toHexString(Float.floatToRawIntBits((Float) value)));
          }
        }
        out.append('\n');
      }
    }
    System.out.print(out);
  }
}
