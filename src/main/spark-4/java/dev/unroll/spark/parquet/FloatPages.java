package dev.unroll.spark.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Writes a float column (a {@code float} field, or the elements of an {@code array<float>}) a data page
 * at a time: the values are copied into a page buffer as the little-endian bytes PLAIN stores (a whole
 * unsafe array in one copy), the levels are kept as runs ({@link LevelRuns}), and at the page limit
 * one v1 data page goes to the row group's page writer, which compresses it and records the column
 * and offset indexes. The page's statistics (min, max, null count; the size statistics' level
 * histograms) are what parquet-mr's column writer would record for the same values, so the column
 * chunk's statistics and indexes come out the same.
 *
 * <p>Only for the columns {@link #covers} accepts: v1 pages, PLAIN or BYTE_STREAM_SPLIT values, no
 * dictionary, no bloom filter. Page boundaries differ from parquet-mr's (it checks page sizes every
 * so many rows, across all columns); pages end on row boundaries and hold at most the page size, the
 * page row-count limit and the page value-count limit.
 */
final class FloatPages extends FieldWriter {
  private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  /**
   * Page buffers of finished files, for the next file's fields: a task writes file after file, and a
   * fresh buffer for every field of every file was the columns layout's largest allocation in the writer
   * (128 fields of 80 KiB a file; {@code Arrays.copyOf} under {@code FloatFields}' pre-sizing was 5.2% of
   * the task threads' CPU samples of a 1M job, JFR). Shared by the task threads rather than kept per
   * thread, as Spark's task threads come and go: a buffer is made only when none is spare, so the pool
   * never holds more buffers than were in use at once.
   */
  private static final Spares SPARES = new Spares();
  /** The most bytes of spare page buffers kept, for rows of many fields. */
  private static final long SPARE_BYTES = 64L << 20;

  private final boolean array;
  private final boolean containsNull;
  /** The definition level of an empty array (the list group's); a null array is one lower. */
  private final int emptyDefinition;
  private final PrimitiveType type;
  private final boolean statistics;
  private final boolean sizeStatistics;
  /** A page's size statistics with nothing counted: the shape of this parquet-mr's histograms. */
  private SizeStatistics emptySizes;
  private final boolean byteStreamSplit;
  private final long pageBytes;
  private final int pageRows;
  private final int pageValues;
  private final LevelRuns repetition;
  private final LevelRuns definition;

  private PageWriter pages;
  private byte[] values = SPARES.take();
  /** Bytes of {@link #values} in use: four per non-null value. */
  private int size;
  private byte[] split = new byte[0];
  private int levels;
  private int rows;
  private int nulls;

  /** Whether {@code leaf}, a float column, can be written a page at a time under {@code props}. */
  static boolean covers(ColumnDescriptor leaf, ParquetProperties props) {
    return leaf.getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
        && props.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0
        && !props.isDictionaryEnabled(leaf)
        && !props.isBloomFilterEnabled(leaf);
  }

  FloatPages(int ordinal, String name, ColumnDescriptor leaf, boolean array, boolean containsNull,
      ParquetProperties props) {
    super(ordinal, name, leaf);
    this.array = array;
    this.containsNull = containsNull;
    this.emptyDefinition = maxDefinition - 1 - (containsNull ? 1 : 0);
    this.type = leaf.getPrimitiveType();
    this.statistics = props.getStatisticsEnabled(leaf);
    this.sizeStatistics = props.getSizeStatisticsEnabled(leaf);
    this.byteStreamSplit = props.isByteStreamSplitEnabled(leaf);
    this.pageBytes = props.getPageSizeThreshold();
    this.pageRows = props.getPageRowCountLimit();
    this.pageValues = props.getPageValueCountThreshold();
    this.repetition = new LevelRuns(leaf.getMaxRepetitionLevel());
    this.definition = new LevelRuns(maxDefinition);
  }

  @Override
  boolean perValue() {
    return false;
  }

  @Override
  void bind(ColumnWriteStore store, PageWriteStore pageStore) {
    pages = pageStore.getPageWriter(leaf);
  }

  @Override
  void write(InternalRow row) {
    if (array) {
      writeArray(row);
    } else if (row.isNullAt(ordinal)) {
      nullIn("column");
      definition.add(0, 1);
      levels++;
      nulls++;
    } else {
      // a float field: one value, no repetition level, a definition level only when optional
      reserve(4);
      FLOATS.set(values, size, row.getFloat(ordinal));
      size += 4;
      if (maxDefinition > 0) {
        definition.add(maxDefinition, 1);
      }
      levels++;
    }
    rows++;
    // the row is complete: end the page here when it is full
    if (rows >= pageRows || levels >= pageValues
        || size + repetition.bufferedSize() + definition.bufferedSize() >= pageBytes) {
      writePage();
    }
  }

  private void writeArray(InternalRow row) {
    if (row.isNullAt(ordinal)) {
      if (emptyDefinition == 0) {
        throw new IllegalStateException("a null in the non-nullable array " + name);
      }
      level(0, emptyDefinition - 1, 1);
      nulls++;
      return;
    }
    ArrayData elements = row.getArray(ordinal);
    int n = elements.numElements();
    if (n == 0) {
      level(0, emptyDefinition, 1);
      nulls++;
      return;
    }
    if (!containsNull) {
      copy(elements, n);
      level(0, maxDefinition, 1);
      level(1, maxDefinition, n - 1);
      return;
    }
    for (int k = 0; k < n; k++) {
      int r = k == 0 ? 0 : 1;
      if (elements.isNullAt(k)) {
        level(r, maxDefinition - 1, 1);
        nulls++;
      } else {
        reserve(4);
        FLOATS.set(values, size, elements.getFloat(k));
        size += 4;
        level(r, maxDefinition, 1);
      }
    }
  }

  /** Appends the {@code n} non-null floats of {@code elements}: one copy when Spark's unsafe array holds them. */
  private void copy(ArrayData elements, int n) {
    reserve(4 * n);
    if (NATIVE_LITTLE_ENDIAN && elements instanceof UnsafeArrayData unsafe) {
      Platform.copyMemory(unsafe.getBaseObject(), unsafe.getBaseOffset()
          + UnsafeArrayData.calculateHeaderPortionInBytes(n), values, Platform.BYTE_ARRAY_OFFSET + size, 4L * n);
      size += 4 * n;
      return;
    }
    for (int k = 0; k < n; k++, size += 4) {
      FLOATS.set(values, size, elements.getFloat(k));
    }
  }

  private void level(int r, int d, int count) {
    repetition.add(r, count);
    definition.add(d, count);
    levels += count;
  }

  private void reserve(int bytes) {
    if (size + bytes > values.length) {
      values = Arrays.copyOf(values, Math.max(2 * values.length, size + bytes));
    }
  }

  @Override
  long bufferedBytes() {
    return pages.getMemSize() + size + repetition.bufferedSize() + definition.bufferedSize();
  }

  @Override
  void flush() {
    if (levels > 0) {
      writePage();
    }
  }

  @Override
  void returnBuffers() {
    if (values != null) {
      SPARES.keep(values);
      values = null;
    }
  }

  /** Spare page buffers, most recently kept first. */
  private static final class Spares {
    private final Deque<byte[]> buffers = new ConcurrentLinkedDeque<>();
    private final AtomicLong bytes = new AtomicLong();

    byte[] take() {
      byte[] buffer = buffers.pollFirst();
      if (buffer == null) {
        return new byte[4096];
      }
      bytes.addAndGet(-buffer.length);
      return buffer;
    }

    void keep(byte[] buffer) {
      if (bytes.addAndGet(buffer.length) <= SPARE_BYTES) {
        buffers.addFirst(buffer);
      } else {
        bytes.addAndGet(-buffer.length);
      }
    }
  }

  /** Whether this is a required float field, whose rows hold one value and no levels: a {@link FloatFields} member. */
  boolean required() {
    return !array && maxDefinition == 0;
  }

  /**
   * The rows after which a page of a required float field is full: its page check in {@link #write},
   * worked out once, for a column whose every row adds four bytes and one value.
   */
  int rowsPerPage() {
    return (int) Math.min(Math.min(pageRows, pageValues), Math.max(1, (pageBytes + 3) / 4));
  }

  /** Sizes the page buffer of a required float field for {@code rows} rows. */
  void reserveRows(int rows) {
    reserve(4 * rows);
  }

  /** Appends the {@code n} rows of a required float field held in column {@code column} of a row-major block. */
  void append(float[] block, int column, int stride, int n) {
    reserve(4 * n);
    for (int r = 0, at = column; r < n; r++, at += stride, size += 4) {
      FLOATS.set(values, size, block[at]);
    }
    levels += n;
    rows += n;
  }

  void writePage() {
    try {
      BytesInput bytes = BytesInput.concat(repetition.toBytes(), definition.toBytes(), valueBytes());
      DataPages.write(pages, bytes, levels, rows, pageStatistics(), pageSizeStatistics(), repetition.encoding(),
          definition.encoding(), byteStreamSplit ? Encoding.BYTE_STREAM_SPLIT : Encoding.PLAIN);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a page of column " + leaf + ": " + e.getMessage(), e);
    }
    // the page writer has compressed (copied) the bytes: the buffers are free again
    repetition.reset();
    definition.reset();
    size = 0;
    levels = 0;
    rows = 0;
    nulls = 0;
  }

  private BytesInput valueBytes() {
    if (!byteStreamSplit) {
      return BytesInput.from(values, 0, size);
    }
    // BYTE_STREAM_SPLIT: byte k of every value, for k = 0..3, one stream after the other
    int n = size / 4;
    if (split.length < size) {
      split = new byte[values.length];
    }
    for (int i = 0; i < n; i++) {
      split[i] = values[4 * i];
      split[n + i] = values[4 * i + 1];
      split[2 * n + i] = values[4 * i + 2];
      split[3 * n + i] = values[4 * i + 3];
    }
    return BytesInput.from(split, 0, size);
  }

  /**
   * The page's min, max and null count as parquet-mr's {@link FloatStatistics} records them value by
   * value: ordered by {@link Float#compare} (-0.0 before 0.0, NaN after everything), the first value of
   * the least and of the greatest kept. Feeding it the min and then the max gives the same statistics.
   */
  private Statistics<?> pageStatistics() {
    if (!statistics) {
      return Statistics.noopStats(type);
    }
    Statistics<?> page = Statistics.createStats(type);
    if (size > 0) {
      float min = (float) FLOATS.get(values, 0);
      float max = min;
      for (int at = 4; at < size; at += 4) {
        float v = (float) FLOATS.get(values, at);
        if (Float.compare(min, v) > 0) {
          min = v;
        }
        if (Float.compare(max, v) < 0) {
          max = v;
        }
      }
      FloatStatistics floats = (FloatStatistics) page;
      floats.updateStats(min);
      floats.updateStats(max);
    }
    page.incrementNumNulls(nulls);
    return page;
  }

  /** The level histograms of the page: parquet-mr's builder fed one (r, d) pair per level. */
  private SizeStatistics pageSizeStatistics() {
    int maxRepetition = leaf.getMaxRepetitionLevel();
    if (!sizeStatistics) {
      return SizeStatistics.noopBuilder(type, maxRepetition, maxDefinition).build();
    }
    // parquet-mr's builder counts a page's levels value by value (that loop was most of a page's CPU in
    // ParquetWriterBenchmark's JFR); the counts are at hand, in histograms as long as an empty
    // builder's, which this parquet-mr decides (none for a level that is always 0, and none for
    // definition levels up to 1)
    if (emptySizes == null) {
      emptySizes = SizeStatistics.newBuilder(type, maxRepetition, maxDefinition).build();
    }
    return new SizeStatistics(type, 0, counts(repetition.histogram, emptySizes.getRepetitionLevelHistogram().size()),
        counts(definition.histogram, emptySizes.getDefinitionLevelHistogram().size()));
  }

  /** The first {@code length} counts of {@code histogram} (a level's count of each value). */
  private static List<Long> counts(long[] histogram, int length) {
    List<Long> counts = new ArrayList<>(length);
    for (int level = 0; level < length; level++) {
      counts.add(level < histogram.length ? histogram[level] : 0L);
    }
    return counts;
  }
}
