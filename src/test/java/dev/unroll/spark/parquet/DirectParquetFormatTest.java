package dev.unroll.spark.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct column writer against Spark's own Parquet writer, which is the reference: for the same rows
 * and options both write the same bytes (schema, footer metadata, pages, row groups) where the floats go
 * value by value, and the same content (schema, footer metadata, row groups, statistics, valid page
 * indexes) where they go a page at a time; Spark and DuckDB read the direct writer's files back bit for
 * bit, and every documented writer option shows in the footer.
 */
class DirectParquetFormatTest {
  private static final String FORMAT = DirectParquetFormat.class.getName();
  private static final int ROWS = 500;
  private static final int WIDTH = 16;

  /** Every field type the direct writer takes, nullable and not, with nulls and empty arrays. */
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("h", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("maybe", DataTypes.createArrayType(DataTypes.FloatType, true), true)
      .add("h_0", DataTypes.FloatType, true)
      .add("day", DataTypes.StringType, true)
      .add("n", DataTypes.IntegerType, true)
      .add("small", DataTypes.ShortType, true)
      .add("tiny", DataTypes.ByteType, true)
      .add("flag", DataTypes.BooleanType, true)
      .add("score", DataTypes.DoubleType, true)
      .add("blob", DataTypes.BinaryType, true);

  @TempDir Path dir;

  private static SparkSession spark() {
    return SharedSpark.session();
  }

  @Test
  void theDirectWriterWritesTheBytesSparksWriterWrites() throws IOException {
    assertSameFiles("defaults", Map.of());
  }

  @Test
  void eachWriterOptionGivesTheSameBytesAsSparksWriterAndShowsInTheFooter() throws IOException, SQLException {
    ParquetMetadata dictionary = assertSameFiles("dictionary", Map.of("parquet.enable.dictionary", "true"));
    assertTrue(dictionary(dictionary, "day"), "dictionary on the string column");
    ParquetMetadata plain = assertSameContent("plain", Map.of("parquet.enable.dictionary", "false"));
    assertFalse(dictionary(plain, "day"));
    // value by value, without float pages, the direct writer still writes Spark's bytes
    assertSameFiles("plain-per-value", Map.of("parquet.enable.dictionary", "false", DirectParquetFormat.FLOAT_PAGES,
        "false"));
    ParquetMetadata perColumn = assertSameContent("per-column",
        Map.of("parquet.enable.dictionary#h.list.element", "false", "parquet.column.statistics.enabled#h_0", "false"));
    assertFalse(dictionary(perColumn, "h.list.element"));
    assertTrue(dictionary(perColumn, "day"));
    // per-column statistics switches came with parquet-mr 1.14: Spark 3.5's 1.13 writes them on every column
    assertEquals(perColumnStatistics(), chunk(perColumn, "h_0").getStatistics().isEmpty(),
        "statistics on h_0 switched off where parquet-mr can");
    assertFalse(chunk(perColumn, "score").getStatistics().isEmpty(), "statistics elsewhere");

    // Spark's own writer reads the byte stream split key from parquet-mr 1.17 (Spark 4.2) on, the direct
    // writer on every Spark 4 line: checked against the rows rather than against Spark's file, by DuckDB
    // (Spark's vectorized reader refuses the encoding)
    Path splitFile = write("split", FORMAT,
        Map.of("parquet.enable.bytestreamsplit", "true", "parquet.enable.dictionary", "false"));
    assertDuckDbReadsBack(splitFile);
    ParquetMetadata split = footer(splitFile);
    assertEquals(DirectParquetFormat.AVAILABLE, encodings(split, "h.list.element").contains(Encoding.BYTE_STREAM_SPLIT));
    assertEquals(DirectParquetFormat.AVAILABLE, encodings(split, "score").contains(Encoding.BYTE_STREAM_SPLIT));
    assertFalse(encodings(split, "id").contains(Encoding.BYTE_STREAM_SPLIT), "floats and doubles only");

    for (String codec : List.of("snappy", "zstd", "gzip", "none")) {
      ParquetMetadata compressed = assertSameFiles(codec, Map.of("compression", codec));
      String expected = codec.equals("none") ? "UNCOMPRESSED" : codec.toUpperCase(java.util.Locale.ROOT);
      assertEquals(expected, chunk(compressed, "h.list.element").getCodec().name());
    }
    ParquetMetadata groups = assertSameContent("row-groups",
        Map.of("parquet.block.size", "8192", "parquet.page.size", "1024", "parquet.enable.dictionary", "false"));
    assertTrue(groups.getBlocks().size() > 3, "small row groups: " + groups.getBlocks().size());
    assertSameContent("page-rows", Map.of("parquet.page.row.count.limit", "30", "parquet.enable.dictionary", "false"));
    // the job's defaults for float columns: no dictionary, no statistics
    Map<String, String> unroll = new java.util.HashMap<>();
    for (String column : List.of("h.list.element", "maybe.list.element", "h_0")) {
      unroll.put("parquet.enable.dictionary#" + column, "false");
      unroll.put("parquet.column.statistics.enabled#" + column, "false");
    }
    ParquetMetadata defaults = assertSameContent("unroll-defaults", unroll);
    assertEquals(perColumnStatistics(), chunk(defaults, "h.list.element").getStatistics().isEmpty(),
        "statistics on h switched off where parquet-mr can");
    // parquet-mr reads the row-count limit for Spark's writer from 1.16 (Spark 4.1) on, the direct writer on
    // every Spark 4 line
    Path rowLimited = write("row-limit", FORMAT, Map.of("parquet.block.row.count.limit", "100"));
    assertReadsBack(rowLimited);
    ParquetMetadata rowLimit = footer(rowLimited);
    assertEquals(DirectParquetFormat.AVAILABLE ? List.of(100L, 100L, 100L, 100L, 100L) : List.of((long) ROWS),
        rowLimit.getBlocks().stream().map(BlockMetaData::getRowCount).toList());
    ParquetMetadata v2 = assertSameFiles("v2", Map.of("parquet.writer.version", "v2"));
    assertTrue(encodings(v2, "id").contains(Encoding.DELTA_BINARY_PACKED), "v2 encodes longs as deltas");
    // parquet-mr writes no bloom filter for a column whose pages are all dictionary encoded
    ParquetMetadata bloom = assertSameContent("bloom",
        Map.of("parquet.bloom.filter.enabled#id", "true", "parquet.enable.dictionary", "false"));
    assertTrue(chunk(bloom, "id").getBloomFilterOffset() > 0, "a bloom filter on id");
    assertTrue(chunk(bloom, "day").getBloomFilterOffset() < 0, "none on day");
  }

  @Test
  void sparkReadsTheDirectWritersFileBackAsWritten() {
    assertReadsBack(write("read-back", FORMAT, Map.of()));
  }

  private static void assertReadsBack(Path out) {
    Dataset<Row> back = spark().read().parquet(out.toString());
    assertEquals(SCHEMA.asNullable(), back.schema(), "Spark reads files back as nullable");
    List<Row> expected = rows();
    List<Row> got = back.collectAsList();
    assertEquals(ROWS, got.size());
    for (int i = 0; i < ROWS; i++) {
      Row e = expected.get(i);
      Row g = got.get(i);
      assertEquals(e.getLong(0), g.getLong(0), "row order");
      assertArrayEquals(bits(e.get(1)), bits(g.getList(1)));
      assertEquals(e.isNullAt(2), g.isNullAt(2));
      if (!e.isNullAt(2)) {
        assertArrayEquals(bits(e.get(2)), bits(g.getList(2)));
      }
      for (int f = 3; f < SCHEMA.size(); f++) {
        Object ev = e.get(f);
        Object gv = g.get(f);
        if (ev instanceof byte[] eb) {
          assertArrayEquals(eb, (byte[]) gv);
        } else if (ev instanceof Float ef) {
          assertEquals(Float.floatToRawIntBits(ef), Float.floatToRawIntBits((Float) gv));
        } else {
          assertEquals(ev, gv, SCHEMA.fields()[f].name());
        }
      }
    }
  }

  @Test
  void duckDbReadsTheDirectWritersFloatsBitForBit() throws SQLException {
    assertDuckDbReadsBack(write("duckdb", FORMAT, Map.of()));
  }

  private static void assertDuckDbReadsBack(Path out) throws SQLException {
    List<Row> expected = rows();
    int compared = ParquetFolders.duckDbRows(out, "id, h, h_0", (i, rows) -> {
      Row e = expected.get(i);
      assertEquals(e.getLong(0), rows.getLong(1), "row order");
      Array h = rows.getArray(2);
      Object[] values = (Object[]) h.getArray();
      int[] got = new int[values.length];
      for (int k = 0; k < values.length; k++) {
        got[k] = Float.floatToRawIntBits((Float) values[k]);
      }
      assertArrayEquals(bits(e.get(1)), got);
      float h0 = rows.getFloat(3);
      assertEquals(e.isNullAt(3), rows.wasNull());
      if (!e.isNullAt(3)) {
        assertEquals(Float.floatToRawIntBits(e.getFloat(3)), Float.floatToRawIntBits(h0));
      }
    });
    assertEquals(ROWS, compared);
  }

  @Test
  void schemasTheDirectWriterDoesNotCoverGoThroughSparksWriter() throws IOException {
    StructType nested = new StructType().add("id", DataTypes.LongType)
        .add("outputs", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false));
    StructType timestamps = new StructType().add("at", DataTypes.TimestampType);
    Configuration conf = new Configuration(false);
    assertEquals(DirectParquetFormat.AVAILABLE, DirectParquetFormat.direct(conf, SCHEMA), "every field is covered");
    assertFalse(DirectParquetFormat.direct(conf, nested));
    assertFalse(DirectParquetFormat.direct(conf, timestamps));
    conf.set("spark.sql.parquet.writeLegacyFormat", "true");
    assertFalse(DirectParquetFormat.direct(conf, SCHEMA), "the legacy list form is Spark's to write");

    List<Row> rows = List.of(RowFactory.create(1L, new float[][] {{1f, 2f}, {3f, 4f}}));
    Dataset<Row> data = spark().createDataFrame(rows, nested).repartition(1);
    data.write().format(FORMAT).save(dir.resolve("nested").toString());
    assertEquals(List.of(1f, 2f, 3f, 4f).toString(),
        spark().read().parquet(dir.resolve("nested").toString()).selectExpr("flatten(outputs)").first().getList(0)
            .toString());
  }

  /**
   * Writes the rows with both writers and returns the footer of the direct writer's file after checking it
   * against Spark's by {@link SameContent} (the float pages end at other rows than parquet-mr's, so the
   * bytes differ) and reading it back with Spark and DuckDB. At least some pages of the float columns
   * must have had their min, max and nulls checked against the rows.
   */
  private ParquetMetadata assertSameContent(String name, Map<String, String> options) throws IOException {
    Path direct = write(name + "-direct", FORMAT, options);
    Map<String, String> spark = new java.util.HashMap<>(options);
    spark.put(DirectParquetFormat.WRITER, "spark");
    Path reference = write(name + "-spark", FORMAT, spark);
    int pages = SameContent.assertSameContent(name, ParquetFolders.dataFile(direct), ParquetFolders.dataFile(reference), rows(),
        DirectParquetFormatTest::cells);
    boolean statistics = !options.containsKey("parquet.column.statistics.enabled#maybe.list.element")
        || !perColumnStatistics();
    assertEquals(statistics, pages > 0, name + ": pages checked against the rows: " + pages);
    assertReadsBack(direct);
    try {
      assertDuckDbReadsBack(direct);
    } catch (SQLException e) {
      throw new AssertionError(name + ": DuckDB cannot read the file", e);
    }
    return footer(direct);
  }

  /** The entries of a float column's leaf in a row: a null for a null or empty array and a null element. */
  private static List<Float> cells(Row row, String column) {
    int field = switch (column) {
      case "h.list.element" -> 1;
      case "maybe.list.element" -> 2;
      case "h_0" -> 3;
      default -> -1;
    };
    if (field < 0) {
      return null;
    }
    List<Float> cells = new ArrayList<>();
    Object value = row.get(field);
    if (value instanceof float[] floats) {
      for (float f : floats) {
        cells.add(f);
      }
    } else if (value instanceof Float[] boxed) {
      cells.addAll(java.util.Arrays.asList(boxed));
    } else {
      cells.add((Float) value);
    }
    if (cells.isEmpty()) {
      cells.add(null);
    }
    return cells;
  }

  /** Writes the rows with both writers and returns the footer after checking the files are byte for byte equal. */
  private ParquetMetadata assertSameFiles(String name, Map<String, String> options) throws IOException {
    Path direct = write(name + "-direct", FORMAT, options);
    Map<String, String> spark = new java.util.HashMap<>(options);
    spark.put(DirectParquetFormat.WRITER, "spark");
    Path reference = write(name + "-spark", FORMAT, spark);
    byte[] directBytes = Files.readAllBytes(ParquetFolders.dataFile(direct));
    byte[] referenceBytes = Files.readAllBytes(ParquetFolders.dataFile(reference));
    assertEquals(referenceBytes.length, directBytes.length, name + ": file sizes");
    assertArrayEquals(referenceBytes, directBytes, name + ": file bytes");
    return footer(direct);
  }

  private static ParquetMetadata footer(Path folder) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(ParquetFolders.dataFile(folder).toString()), new Configuration()))) {
      ParquetMetadata footer = reader.getFooter();
      assertEquals(ROWS, footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum());
      return footer;
    }
  }

  private Path write(String name, String format, Map<String, String> options) {
    Path out = dir.resolve(name);
    // one task, one file: the two writers' files compare one to one
    spark().createDataFrame(rows(), SCHEMA).coalesce(1).write().format(format).options(options)
        .save(out.toString());
    return out;
  }

  private static List<ColumnChunkMetaData> chunks(ParquetMetadata footer, String path) {
    List<ColumnChunkMetaData> chunks = new ArrayList<>();
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData c : block.getColumns()) {
        if (c.getPath().toDotString().equals(path)) {
          chunks.add(c);
        }
      }
    }
    assertFalse(chunks.isEmpty(), "no column " + path);
    return chunks;
  }

  private static ColumnChunkMetaData chunk(ParquetMetadata footer, String path) {
    return chunks(footer, path).get(0);
  }

  private static java.util.Set<Encoding> encodings(ParquetMetadata footer, String path) {
    return chunk(footer, path).getEncodings();
  }

  /** Whether this line's parquet-mr takes per-column statistics switches (1.14 on; Spark 3.5 bundles 1.13). */
  private static boolean perColumnStatistics() {
    try {
      ParquetOutputFormat.class.getField("STATISTICS_ENABLED");
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private static boolean dictionary(ParquetMetadata footer, String path) {
    return encodings(footer, path).stream().anyMatch(Encoding::usesDictionary);
  }

  /** The raw bits of a float array as the rows hold it: {@code float[]} or {@code Float[]} written, a list read. */
  private static int[] bits(Object values) {
    if (values instanceof float[] floats) {
      int[] bits = new int[floats.length];
      for (int k = 0; k < floats.length; k++) {
        bits[k] = Float.floatToRawIntBits(floats[k]);
      }
      return bits;
    }
    List<?> list = values instanceof Float[] boxed ? java.util.Arrays.asList(boxed) : (List<?>) values;
    // a null element gets a bit pattern no float in the rows has
    return list.stream().mapToInt(v -> v == null ? 0x7fc0dead : Float.floatToRawIntBits((Float) v)).toArray();
  }

  /**
   * Seeded rows: random floats with the special values mixed in (NaN, signed zeros, infinities, a
   * subnormal), nulls in every nullable field, empty and null arrays, a few repeated strings.
   */
  private static List<Row> rows() {
    Random random = new Random(20261201);
    float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      float[] h = new float[WIDTH];
      for (int k = 0; k < WIDTH; k++) {
        h[k] = random.nextInt(20) == 0 ? special[random.nextInt(special.length)] : (float) random.nextGaussian();
      }
      Float[] maybe = i % 7 == 0 ? null : new Float[i % 5];
      if (maybe != null) {
        for (int k = 0; k < maybe.length; k++) {
          maybe[k] = k == 1 ? null : random.nextFloat();
        }
      }
      boolean nulls = i % 11 == 3;
      byte[] blob = new byte[i % 4];
      random.nextBytes(blob);
      rows.add(RowFactory.create((long) i * 7 - 300, h, maybe, nulls ? null : h[0],
          nulls ? null : "2026-11-" + (20 + i % 3), nulls ? null : random.nextInt(), nulls ? null : (short) i,
          nulls ? null : (byte) i, nulls ? null : i % 2 == 0, nulls ? null : random.nextDouble(), nulls ? null : blob));
    }
    return rows;
  }
}
