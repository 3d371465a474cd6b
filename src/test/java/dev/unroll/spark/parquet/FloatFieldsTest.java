package dev.unroll.spark.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code columns} layout's required float fields, written together by {@link FloatFields}, against
 * Spark's writer for the same rows: the same content by {@link SameContent} (pages of other lengths
 * than parquet-mr's), and every float's bits read back by Spark and by DuckDB. Pages end inside and
 * at the end of a block of rows, and the rows hold NaN (in one column, whose column index parquet-mr
 * then drops), signed zeros and infinities.
 */
class FloatFieldsTest {
  private static final String FORMAT = DirectParquetFormat.class.getName();
  private static final int ROWS = 700;
  private static final int FIELDS = 6;
  private static final StructType SCHEMA = schema();

  @TempDir Path dir;

  private static StructType schema() {
    StructType schema = new StructType().add("id", DataTypes.LongType, false);
    for (int k = 0; k < FIELDS; k++) {
      schema = schema.add("h_" + k, DataTypes.FloatType, false);
    }
    return schema;
  }

  @Test
  void requiredFloatFieldsHoldWhatSparksWriterWrites() throws IOException, SQLException {
    // pages of 40 rows (inside a block), of 500 rows (page size / 4: across blocks), and one page a file
    for (Map<String, String> pages : List.of(Map.of("parquet.page.row.count.limit", "40"),
        Map.of("parquet.page.size", "2000"), Map.<String, String>of())) {
      Map<String, String> options = new HashMap<>(pages);
      options.put("parquet.enable.dictionary", "false");
      String name = "pages-" + pages;
      Path direct = write(name + "-direct", options);
      options.put(DirectParquetFormat.WRITER, "spark");
      Path reference = write(name + "-spark", options);
      int checked = SameContent.assertSameContent(name, ParquetFolders.dataFile(direct), ParquetFolders.dataFile(reference), rows(),
          FloatFieldsTest::cells);
      // every page of the columns without NaN, five of the six
      assertTrue(checked >= FIELDS - 1, name + ": pages checked against the rows: " + checked);
      assertSparkReadsBack(direct);
      assertDuckDbReadsBack(direct);
    }
  }

  @Test
  void aTasksLaterFilesWriteIntoThePageBuffersItsEarlierFilesHandedBack() throws IOException {
    // one task writes 250, 250 and 200 rows into three files, one after another on its thread: the later
    // files' fields take the page buffers the earlier ones filled, and the last holds fewer rows than them
    Path out = write("files", Map.of("maxRecordsPerFile", "250", "parquet.enable.dictionary", "false"));
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(out)) {
      assertEquals(3, files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count());
    }
    List<Row> got = new ArrayList<>(SharedSpark.session().read().parquet(out.toString()).collectAsList());
    got.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
    List<Row> expected = rows();
    assertEquals(ROWS, got.size());
    for (int i = 0; i < ROWS; i++) {
      assertEquals(i, got.get(i).getLong(0));
      for (int k = 1; k <= FIELDS; k++) {
        assertEquals(Float.floatToRawIntBits(expected.get(i).getFloat(k)), Float.floatToRawIntBits(got.get(i).getFloat(k)),
            "row " + i + ", h_" + (k - 1));
      }
    }
  }

  private static List<Float> cells(Row row, String column) {
    return column.startsWith("h_") ? List.of(row.getFloat(SCHEMA.fieldIndex(column))) : null;
  }

  private static void assertSparkReadsBack(Path out) {
    List<Row> got = SharedSpark.session().read().parquet(out.toString()).collectAsList();
    List<Row> expected = rows();
    assertEquals(ROWS, got.size());
    for (int i = 0; i < ROWS; i++) {
      assertEquals(expected.get(i).getLong(0), got.get(i).getLong(0), "row order");
      for (int k = 1; k <= FIELDS; k++) {
        assertEquals(Float.floatToRawIntBits(expected.get(i).getFloat(k)), Float.floatToRawIntBits(got.get(i).getFloat(k)),
            "row " + i + ", h_" + (k - 1));
      }
    }
  }

  private static void assertDuckDbReadsBack(Path out) throws SQLException {
    List<Row> expected = rows();
    int compared = ParquetFolders.duckDbRows(out, "*", (i, rows) -> {
      Row e = expected.get(i);
      assertEquals(e.getLong(0), rows.getLong(1), "row order");
      for (int k = 1; k <= FIELDS; k++) {
        assertEquals(Float.floatToRawIntBits(e.getFloat(k)), Float.floatToRawIntBits(rows.getFloat(k + 1)));
      }
    });
    assertEquals(ROWS, compared);
  }

  private Path write(String name, Map<String, String> options) {
    Path out = dir.resolve(name.replaceAll("[^a-z0-9-]", "_"));
    // one task, one file: the two writers' files compare one to one
    SharedSpark.session().createDataFrame(rows(), SCHEMA).coalesce(1).write().format(FORMAT).options(options)
        .save(out.toString());
    return out;
  }

  /** Seeded Gaussian floats, with NaN in the last column only and signed zeros and infinities in all. */
  private static List<Row> rows() {
    Random random = new Random(20261202);
    float[] special = {-0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Object[] values = new Object[FIELDS + 1];
      values[0] = (long) i;
      for (int k = 0; k < FIELDS; k++) {
        float v = random.nextInt(25) == 0 ? special[random.nextInt(special.length)] : (float) random.nextGaussian();
        values[k + 1] = k == FIELDS - 1 && i % 97 == 5 ? Float.NaN : v;
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }
}
