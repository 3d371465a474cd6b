package dev.unroll.spark.partition;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Which of a scan's column vectors make the selected row, in the selection's order, and which of them
 * are integers read as longs (the length column's cast). Rows are then views over the scan's own
 * vectors: no value is copied until the window copies the sequence into its buffer.
 */
public final class BatchColumns implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] sources;
  private final boolean[] widen;

  BatchColumns(int[] sources, boolean[] widen) {
    this.sources = sources.clone();
    this.widen = widen.clone();
  }

  /** The rows of {@code batches}, each a view in the selection's order (the row object is reused). */
  Iterator<InternalRow> rows(Iterator<ColumnarBatch> batches) {
    return new Iterator<>() {
      private Iterator<InternalRow> rows = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!rows.hasNext()) {
          if (!batches.hasNext()) {
            return false;
          }
          rows = select(batches.next()).rowIterator();
        }
        return true;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return rows.next();
      }
    };
  }

  /** {@code batch}'s selected vectors as a batch of their own (the scan reuses its vectors; so does this). */
  ColumnarBatch select(ColumnarBatch batch) {
    ColumnVector[] vectors = new ColumnVector[sources.length];
    for (int i = 0; i < sources.length; i++) {
      ColumnVector v = batch.column(sources[i]);
      vectors[i] = widen[i] ? new AsLong(v) : v;
    }
    return new ColumnarBatch(vectors, batch.numRows());
  }

  /** An integer vector read as longs, as the selection's cast reads it; only what a row reader asks. */
  private static final class AsLong extends ColumnVector {
    private final ColumnVector ints;
    private final DataType stored;

    AsLong(ColumnVector ints) {
      super(DataTypes.LongType);
      this.ints = ints;
      this.stored = ints.dataType();
    }

    @Override
    public long getLong(int rowId) {
      if (stored instanceof IntegerType) {
        return ints.getInt(rowId);
      } else if (stored instanceof ShortType) {
        return ints.getShort(rowId);
      } else if (stored instanceof ByteType) {
        return ints.getByte(rowId);
      }
      throw new IllegalStateException("not an integer column: " + stored);
    }

    @Override
    public boolean isNullAt(int rowId) {
      return ints.isNullAt(rowId);
    }

    @Override
    public boolean hasNull() {
      return ints.hasNull();
    }

    @Override
    public int numNulls() {
      return ints.numNulls();
    }

    @Override
    public void close() {
      // the scan owns (and closes) the vector read
    }

    @Override
    public boolean getBoolean(int rowId) {
      throw notALong();
    }

    @Override
    public byte getByte(int rowId) {
      throw notALong();
    }

    @Override
    public short getShort(int rowId) {
      throw notALong();
    }

    @Override
    public int getInt(int rowId) {
      throw notALong();
    }

    @Override
    public float getFloat(int rowId) {
      throw notALong();
    }

    @Override
    public double getDouble(int rowId) {
      throw notALong();
    }

    @Override
    public ColumnarArray getArray(int rowId) {
      throw notALong();
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
      throw notALong();
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
      throw notALong();
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      throw notALong();
    }

    @Override
    public byte[] getBinary(int rowId) {
      throw notALong();
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      throw notALong();
    }

    private static UnsupportedOperationException notALong() {
      return new UnsupportedOperationException("a long column is read with getLong");
    }
  }
}
