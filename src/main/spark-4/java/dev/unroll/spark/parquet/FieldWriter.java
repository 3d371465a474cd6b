package dev.unroll.spark.parquet;

import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one top-level field of each row into its Parquet column with the repetition and definition
 * levels Spark's writer gives it: a primitive is defined at level 1 when optional, absent (level 0) when
 * null; a float array in the three-level LIST form ({@code h.list.element}) repeats at level 1 after its
 * first element, and is written as one null at the level of the list group when empty, one level lower
 * when null.
 *
 * <p>Most fields hand each value to parquet-mr's {@link ColumnWriter}; float columns that
 * {@link FloatPages} covers are written a page at a time instead.
 */
abstract class FieldWriter {
  final int ordinal;
  final String name;
  final ColumnDescriptor leaf;
  final int maxDefinition;
  /** The leaf's writer in the current row group's store. */
  ColumnWriter column;

  FieldWriter(int ordinal, String name, ColumnDescriptor leaf) {
    this.ordinal = ordinal;
    this.name = name;
    this.leaf = leaf;
    this.maxDefinition = leaf.getMaxDefinitionLevel();
  }

  /** Whether the field's values go one by one through a {@link ColumnWriter} of the row group's store. */
  boolean perValue() {
    return true;
  }

  /** Points the writer at its column in a new row group: a writer of {@code store}, or a page writer of {@code pages}. */
  void bind(ColumnWriteStore store, PageWriteStore pages) {
    column = store.getColumnWriter(leaf);
  }

  /** Writes field {@link #ordinal} of {@code row}. */
  abstract void write(InternalRow row);

  /** Bytes a writer of its own pages holds for the row group (written pages and the open one). */
  long bufferedBytes() {
    return 0;
  }

  /** Writes a writer's own last page of the row group. */
  void flush() {}

  /** Hands the writer's page buffers on to the next file's writers on this thread; it writes no more. */
  void returnBuffers() {}

  /**
   * Whether every field of {@code schema} has a writer here: the primitives Parquet stores without
   * conversion, strings, binaries, and arrays of floats. Dates, timestamps, decimals, structs, maps and
   * other arrays go through Spark's writer, which knows their rebasing and encodings.
   */
  static boolean supports(StructType schema) {
    for (StructField f : schema.fields()) {
      DataType t = f.dataType();
      boolean ok = primitive(t) || t instanceof ArrayType a && a.elementType() instanceof FloatType;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean primitive(DataType t) {
    return t instanceof BooleanType || t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType
        || t instanceof LongType || t instanceof FloatType || t instanceof DoubleType || t instanceof StringType
        || t instanceof BinaryType;
  }

  /**
   * One writer per field of {@code schema}, whose Parquet leaves are {@code leaves}, in field order; with
   * {@code pages}, float columns {@link FloatPages} covers under {@code props} are written a page at a time,
   * and the required float fields among them by one {@link FloatFields}.
   */
  static FieldWriter[] of(StructType schema, List<ColumnDescriptor> leaves, ParquetProperties props, boolean pages) {
    StructField[] fields = schema.fields();
    if (leaves.size() != fields.length) {
      throw new IllegalArgumentException("expected one Parquet column per field of " + schema.simpleString()
          + ", found " + leaves.size());
    }
    FieldWriter[] writers = new FieldWriter[fields.length];
    for (int i = 0; i < fields.length; i++) {
      ColumnDescriptor leaf = leaves.get(i);
      DataType t = fields[i].dataType();
      String name = fields[i].name();
      boolean paged = pages && FloatPages.covers(leaf, props);
      if (t instanceof ArrayType a) {
        writers[i] = paged ? new FloatPages(i, name, leaf, true, a.containsNull(), props)
            : new FloatArray(i, name, leaf, a.containsNull());
      } else {
        writers[i] = paged ? new FloatPages(i, name, leaf, false, false, props) : new Primitive(i, name, leaf, t);
      }
    }
    return FloatFields.group(writers);
  }

  void nullIn(String what) {
    if (maxDefinition == 0) {
      throw new IllegalStateException("a null in the non-nullable " + what + " " + name);
    }
  }

  private static final class Primitive extends FieldWriter {
    private enum Kind { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING, BINARY }

    private final Kind kind;

    Primitive(int ordinal, String name, ColumnDescriptor leaf, DataType type) {
      super(ordinal, name, leaf);
      this.kind = type instanceof BooleanType ? Kind.BOOLEAN : type instanceof ByteType ? Kind.BYTE
          : type instanceof ShortType ? Kind.SHORT : type instanceof IntegerType ? Kind.INT
          : type instanceof LongType ? Kind.LONG : type instanceof FloatType ? Kind.FLOAT
          : type instanceof DoubleType ? Kind.DOUBLE : type instanceof StringType ? Kind.STRING : Kind.BINARY;
    }

    @Override
    void write(InternalRow row) {
      if (row.isNullAt(ordinal)) {
        nullIn("column");
        column.writeNull(0, 0);
        return;
      }
      int d = maxDefinition;
      switch (kind) {
        case BOOLEAN -> column.write(row.getBoolean(ordinal), 0, d);
        case BYTE -> column.write((int) row.getByte(ordinal), 0, d);
        case SHORT -> column.write((int) row.getShort(ordinal), 0, d);
        case INT -> column.write(row.getInt(ordinal), 0, d);
        case LONG -> column.write(row.getLong(ordinal), 0, d);
        case FLOAT -> column.write(row.getFloat(ordinal), 0, d);
        case DOUBLE -> column.write(row.getDouble(ordinal), 0, d);
        // the bytes may be reused by the row: parquet-mr copies what it keeps (a dictionary entry)
        case STRING -> column.write(Binary.fromReusedByteArray(row.getUTF8String(ordinal).getBytes()), 0, d);
        case BINARY -> column.write(Binary.fromReusedByteArray(row.getBinary(ordinal)), 0, d);
        default -> throw new AssertionError(kind);
      }
    }
  }

  private static final class FloatArray extends FieldWriter {
    private final boolean containsNull;
    /** The definition level of the list group itself: what an empty array writes. */
    private final int emptyDefinition;

    FloatArray(int ordinal, String name, ColumnDescriptor leaf, boolean containsNull) {
      super(ordinal, name, leaf);
      this.containsNull = containsNull;
      this.emptyDefinition = maxDefinition - 1 - (containsNull ? 1 : 0);
    }

    @Override
    void write(InternalRow row) {
      if (row.isNullAt(ordinal)) {
        if (emptyDefinition == 0) {
          throw new IllegalStateException("a null in the non-nullable array " + name);
        }
        column.writeNull(0, emptyDefinition - 1);
        return;
      }
      ArrayData values = row.getArray(ordinal);
      int n = values.numElements();
      if (n == 0) {
        column.writeNull(0, emptyDefinition);
        return;
      }
      int d = maxDefinition;
      if (!containsNull) {
        column.write(values.getFloat(0), 0, d);
        for (int k = 1; k < n; k++) {
          column.write(values.getFloat(k), 1, d);
        }
        return;
      }
      for (int k = 0; k < n; k++) {
        int r = k == 0 ? 0 : 1;
        if (values.isNullAt(k)) {
          column.writeNull(r, d - 1);
        } else {
          column.write(values.getFloat(k), r, d);
        }
      }
    }
  }
}
