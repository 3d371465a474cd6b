package dev.unroll.spark.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * The required float fields of a row (the {@code columns} layout's {@code h_0 ... c_63}) written
 * together: each row's floats go into one row-major block, and every {@value #BLOCK_ROWS} rows the
 * block is copied column by column into the fields' {@link FloatPages}. One call a row instead of one
 * a field, and each field's page buffer is written in runs rather than a float at a time across a
 * hundred buffers. The fields have no nulls and no levels, so their pages fill together and end
 * after the same rows, where each would end alone.
 */
final class FloatFields extends FieldWriter {
  /**
   * Rows a block holds: 256 rows of the columns layout's 128 floats is 128 KiB, meant to stay in a core's
   * L2 cache. Not tuned: the only size measured (ParquetWriterBenchmark, columns: 38.6 ms a file against
   * 47.4 ms with each field written on its own).
   */
  private static final int BLOCK_ROWS = 256;

  /**
   * The most bytes the fields' page buffers are sized for up front, all together: a buffer grown by
   * doubling from a few KiB to a page copied each float about twice more and zeroed twice its size
   * ({@code Arrays.copyOf} was 4.4% of a columns-layout job's task CPU samples, JFR). 16 MiB covers a
   * page of the default 20,000 rows for 200 fields; wider rows start with smaller buffers and grow.
   */
  private static final long PRESIZED_BYTES = 16L << 20;

  private final FloatPages[] fields;
  private final int[] ordinals;
  private final int rowsPerPage;
  private final float[] block;
  private int blockRows;
  private int pageRows;

  private FloatFields(List<FloatPages> fields) {
    super(fields.get(0).ordinal, fields.get(0).name, fields.get(0).leaf);
    this.fields = fields.toArray(new FloatPages[0]);
    this.ordinals = fields.stream().mapToInt(f -> f.ordinal).toArray();
    this.rowsPerPage = this.fields[0].rowsPerPage();
    this.block = new float[BLOCK_ROWS * this.fields.length];
    int presized = (int) Math.min(rowsPerPage, PRESIZED_BYTES / (4L * this.fields.length));
    for (FloatPages f : this.fields) {
      f.reserveRows(presized);
    }
  }

  /**
   * {@code writers} with its required float fields, when there are two or more, replaced by one
   * {@code FloatFields} in the place of the first.
   */
  static FieldWriter[] group(FieldWriter[] writers) {
    List<FloatPages> members = new ArrayList<>();
    for (FieldWriter w : writers) {
      if (w instanceof FloatPages f && f.required()) {
        members.add(f);
      }
    }
    if (members.size() < 2) {
      return writers;
    }
    List<FieldWriter> grouped = new ArrayList<>();
    for (FieldWriter w : writers) {
      if (w == members.get(0)) {
        grouped.add(new FloatFields(members));
      } else if (!members.contains(w)) {
        grouped.add(w);
      }
    }
    return grouped.toArray(new FieldWriter[0]);
  }

  @Override
  boolean perValue() {
    return false;
  }

  @Override
  void bind(ColumnWriteStore store, PageWriteStore pages) {
    for (FloatPages f : fields) {
      f.bind(store, pages);
    }
  }

  @Override
  void write(InternalRow row) {
    int at = blockRows * fields.length;
    if (row instanceof UnsafeRow unsafe && noNulls(unsafe)) {
      // Spark's rows as writers get them: each float in its 8-byte slot after the null bits
      Object base = unsafe.getBaseObject();
      long slots = unsafe.getBaseOffset() + UnsafeRow.calculateBitSetWidthInBytes(unsafe.numFields());
      for (int c = 0; c < fields.length; c++, at++) {
        block[at] = Platform.getFloat(base, slots + 8L * ordinals[c]);
      }
    } else {
      for (int c = 0; c < fields.length; c++, at++) {
        int o = ordinals[c];
        if (row.isNullAt(o)) {
          throw new IllegalStateException("a null in the non-nullable column " + fields[c].name);
        }
        block[at] = row.getFloat(o);
      }
    }
    blockRows++;
    pageRows++;
    if (blockRows == BLOCK_ROWS || pageRows == rowsPerPage) {
      drain();
    }
    if (pageRows == rowsPerPage) {
      for (FloatPages f : fields) {
        f.writePage();
      }
      pageRows = 0;
    }
  }

  /** Whether no field of {@code row} is null: its null bits, a word per 64 fields, are all clear. */
  private static boolean noNulls(UnsafeRow row) {
    Object base = row.getBaseObject();
    long words = row.getBaseOffset() + UnsafeRow.calculateBitSetWidthInBytes(row.numFields());
    for (long w = row.getBaseOffset(); w < words; w += 8) {
      if (Platform.getLong(base, w) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  void returnBuffers() {
    for (FloatPages f : fields) {
      f.returnBuffers();
    }
  }

  /** Copies the block's rows into the fields' pages. */
  private void drain() {
    for (int c = 0; c < fields.length; c++) {
      fields[c].append(block, c, fields.length, blockRows);
    }
    blockRows = 0;
  }

  @Override
  long bufferedBytes() {
    long bytes = 4L * blockRows * fields.length;
    for (FloatPages f : fields) {
      bytes += f.bufferedBytes();
    }
    return bytes;
  }

  @Override
  void flush() {
    drain();
    pageRows = 0;
    for (FloatPages f : fields) {
      f.flush();
    }
  }
}
