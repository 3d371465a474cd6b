package dev.unroll.spark.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.spark.sql.Row;

/**
 * What a file written with float pages must share with Spark's writer's file for the same rows and
 * options, when the page boundaries (and so the bytes) differ: the schema, the footer's key-value
 * metadata, the row groups' row counts, each column chunk's value count, encodings, statistics and size
 * statistics; and page indexes that hold: a column index exactly where Spark's file has one, offset
 * indexes covering the row group's rows in order, and each page's min, max and null count equal to
 * those of the rows the page covers, worked out from the rows themselves.
 */
final class SameContent {
  private SameContent() {}

  /**
   * Checks {@code file} against {@code reference}; {@code cells} gives the leaf entries of a row for a
   * float column path (a null for a null or empty array and for a null element), or null for a column
   * of another type, whose pages' values are not checked. Returns the number of
   * pages whose min, max and null count were checked against the rows.
   */
  static int assertSameContent(String name, Path file, Path reference, List<Row> rows,
      BiFunction<Row, String, List<Float>> cells) throws IOException {
    Configuration conf = new Configuration();
    int checkedPages = 0;
    try (ParquetFileReader got = open(file, conf); ParquetFileReader want = open(reference, conf)) {
      ParquetMetadata g = got.getFooter();
      ParquetMetadata w = want.getFooter();
      assertEquals(w.getFileMetaData().getSchema(), g.getFileMetaData().getSchema(), name + ": schema");
      assertEquals(w.getFileMetaData().getKeyValueMetaData(), g.getFileMetaData().getKeyValueMetaData(),
          name + ": footer metadata");
      assertEquals(w.getBlocks().stream().map(BlockMetaData::getRowCount).toList(),
          g.getBlocks().stream().map(BlockMetaData::getRowCount).toList(), name + ": rows of each row group");
      long firstRow = 0;
      for (int b = 0; b < g.getBlocks().size(); b++) {
        BlockMetaData gb = g.getBlocks().get(b);
        BlockMetaData wb = w.getBlocks().get(b);
        assertEquals(wb.getColumns().size(), gb.getColumns().size());
        for (int c = 0; c < gb.getColumns().size(); c++) {
          ColumnChunkMetaData gc = gb.getColumns().get(c);
          ColumnChunkMetaData wc = wb.getColumns().get(c);
          String where = name + ": row group " + b + ", " + gc.getPath().toDotString();
          assertEquals(wc.getPath(), gc.getPath(), where);
          assertEquals(wc.getValueCount(), gc.getValueCount(), where + ": values");
          assertEquals(wc.getEncodings(), gc.getEncodings(), where + ": encodings");
          assertSameStatistics(wc.getStatistics(), gc.getStatistics(), where);
          assertSameSizes(wc, gc, where);
          ColumnIndex index = got.readColumnIndex(gc);
          assertEquals(want.readColumnIndex(wc) != null, index != null, where + ": a column index where Spark writes one");
          OffsetIndex offsets = got.readOffsetIndex(gc);
          assertNotNull(offsets, where + ": an offset index");
          checkedPages += assertPagesHold(index, offsets, gb.getRowCount(), rows.subList((int) firstRow,
              (int) (firstRow + gb.getRowCount())), row -> cells.apply(row, gc.getPath().toDotString()), where);
        }
        firstRow += gb.getRowCount();
      }
    }
    return checkedPages;
  }

  private static ParquetFileReader open(Path file, Configuration conf) throws IOException {
    return ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), conf));
  }

  private static void assertSameStatistics(Statistics<?> want, Statistics<?> got, String where) {
    assertEquals(want.isEmpty(), got.isEmpty(), where + ": statistics present");
    assertEquals(want.hasNonNullValue(), got.hasNonNullValue(), where + ": min and max present");
    if (!want.isEmpty()) {
      assertEquals(want.getNumNulls(), got.getNumNulls(), where + ": nulls");
    }
    if (want.hasNonNullValue()) {
      assertArrayEquals(want.getMinBytes(), got.getMinBytes(), where + ": min");
      assertArrayEquals(want.getMaxBytes(), got.getMaxBytes(), where + ": max");
    }
  }

  private static void assertSameSizes(ColumnChunkMetaData want, ColumnChunkMetaData got, String where) {
    assertEquals(levelHistograms(want), levelHistograms(got), where + ": level histograms");
  }

  /**
   * The repetition and definition level histograms of a chunk's size statistics, or null without them.
   * Looked up by name: parquet-mr 1.13, which the Spark 3.5 line compiles these tests against, has no
   * size statistics (an empty list then).
   */
  private static List<Object> levelHistograms(ColumnChunkMetaData chunk) {
    try {
      Object sizes = ColumnChunkMetaData.class.getMethod("getSizeStatistics").invoke(chunk);
      if (sizes == null) {
        return null;
      }
      return List.of(sizes.getClass().getMethod("getRepetitionLevelHistogram").invoke(sizes),
          sizes.getClass().getMethod("getDefinitionLevelHistogram").invoke(sizes));
    } catch (NoSuchMethodException e) {
      return List.of();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The pages of an offset index cover the row group's rows in order; a column index's pages hold their rows' floats. */
  private static int assertPagesHold(ColumnIndex index, OffsetIndex offsets, long rowCount, List<Row> rows,
      java.util.function.Function<Row, List<Float>> cells, String where) {
    int pages = offsets.getPageCount();
    assertEquals(0, offsets.getFirstRowIndex(0), where + ": the first page starts the row group");
    for (int p = 1; p < pages; p++) {
      assertTrue(offsets.getFirstRowIndex(p) > offsets.getFirstRowIndex(p - 1), where + ": pages in row order");
    }
    assertEquals(rowCount - 1, offsets.getLastRowIndex(pages - 1, rowCount), where + ": the last page ends it");
    if (index == null || cells.apply(rows.get(0)) == null) {
      return 0; // no index, or not a float column
    }
    assertEquals(pages, index.getNullPages().size(), where + ": one column index entry a page");
    List<ByteBuffer> mins = index.getMinValues();
    List<ByteBuffer> maxes = index.getMaxValues();
    int checked = 0;
    for (int p = 0; p < pages; p++) {
      long nulls = 0;
      List<Float> values = new ArrayList<>();
      for (long r = offsets.getFirstRowIndex(p); r <= offsets.getLastRowIndex(p, rowCount); r++) {
        for (Float v : cells.apply(rows.get((int) r))) {
          if (v == null) {
            nulls++;
          } else {
            values.add(v);
          }
        }
      }
      String page = where + ", page " + p;
      assertEquals(nulls, index.getNullCounts().get(p), page + ": nulls");
      assertEquals(values.isEmpty(), index.getNullPages().get(p), page + ": a page of nulls only");
      if (!values.isEmpty()) {
        // Float.compare's order: -0.0 before 0.0 (no NaN here: a page with a NaN drops the whole column index);
        // a zero bound is written as -0.0 for a min and +0.0 for a max, as the Parquet format advises writers
        float min = values.stream().min(Float::compare).orElseThrow();
        float max = values.stream().max(Float::compare).orElseThrow();
        min = min == 0f ? -0f : min;
        max = max == 0f ? 0f : max;
        assertEquals(Float.floatToIntBits(min), floatAt(mins.get(p)), page + ": min");
        assertEquals(Float.floatToIntBits(max), floatAt(maxes.get(p)), page + ": max");
        checked++;
      }
    }
    return checked;
  }

  private static int floatAt(ByteBuffer bytes) {
    return Float.floatToIntBits(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).getFloat(0));
  }
}
