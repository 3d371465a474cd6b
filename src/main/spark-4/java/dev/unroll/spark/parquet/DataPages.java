package dev.unroll.spark.parquet;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;

/**
 * Hands a v1 data page to a row group's {@link PageWriter} by the method parquet-mr's own column
 * writer calls, so the page's statistics reach the column chunk's statistics and its column and offset
 * indexes as theirs do. That method gained a geospatial statistics argument in parquet-mr 1.16 (Spark
 * 4.1), and the page writer then stopped implementing the older one; the Spark 4 lines span both, so
 * the method is looked up once, by its parameters.
 */
final class DataPages {
  private static final String GEOSPATIAL = "org.apache.parquet.column.statistics.geospatial.GeospatialStatistics";
  /** {@code writePage(bytes, values, rows, statistics, size statistics, [null geospatial,] rl, dl, data)}. */
  private static final MethodHandle WRITE_PAGE = writePage();

  private DataPages() {}

  private static MethodHandle writePage() {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodType before = MethodType.methodType(void.class, BytesInput.class, int.class, int.class, Statistics.class,
        SizeStatistics.class, Encoding.class, Encoding.class, Encoding.class);
    try {
      Class<?> geospatial;
      try {
        geospatial = Class.forName(GEOSPATIAL, false, PageWriter.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        return lookup.findVirtual(PageWriter.class, "writePage", before);
      }
      // the geospatial statistics follow the size statistics (parameter 6 of the handle, after the receiver)
      MethodHandle withGeospatial = lookup.findVirtual(PageWriter.class, "writePage",
          before.insertParameterTypes(5, geospatial));
      // floats have no geospatial statistics: parquet-mr's merge of a null into them is a no-op
      return MethodHandles.insertArguments(withGeospatial, 6, (Object) null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static void write(PageWriter pages, BytesInput bytes, int values, int rows, Statistics<?> statistics,
      SizeStatistics sizes, Encoding repetition, Encoding definition, Encoding data) throws IOException {
    try {
      WRITE_PAGE.invokeExact(pages, bytes, values, rows, statistics, sizes, repetition, definition, data);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
