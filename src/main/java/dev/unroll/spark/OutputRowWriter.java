package dev.unroll.spark;

import dev.unroll.config.OutputLayout;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.Platform;

/**
 * Builds output rows from a scored window without boxing a float: vectors become
 * {@link UnsafeArrayData} copied straight from the window's float buffer, or plain float fields of a
 * {@link SpecificInternalRow}.
 *
 * <p>The returned row is reused for the next call, as Spark's own row iterators do; Spark copies it
 * (into an {@code UnsafeRow}) before keeping it.
 */
final class OutputRowWriter {
  private final InputPlan in;
  private final OutputPlan out;
  private final SpecificInternalRow row;

  OutputRowWriter(InputPlan in, OutputPlan out) {
    this.in = in;
    this.out = out;
    this.row = new SpecificInternalRow(out.schema());
  }

  /** The output row of window row {@code i}. */
  InternalRow write(ScoringWindow window, int i) {
    InternalRow source = window.rows[i];
    int col = 0;
    copy(source, InputPlan.ID, row, col++, in.idType());
    int length = window.lengths[i];
    for (OutputPlan.VectorField field : out.vectors()) {
      int at = i * out.vectorWidth() + field.offset();
      boolean isNull = field.nullWhenEmpty() && length == 0;
      if (out.layout() != OutputLayout.COLUMNS) {
        if (isNull) {
          row.setNullAt(col++);
        } else if (out.layout() == OutputLayout.VECTOR) {
          row.update(col++, VectorRows.dense(window.vectors, at, field.width()));
        } else {
          row.update(col++, floats(window.vectors, at, field.width()));
        }
      } else {
        for (int k = 0; k < field.width(); k++, col++) {
          if (isNull) {
            row.setNullAt(col);
          } else {
            row.setFloat(col, window.vectors[at + k]);
          }
        }
      }
    }
    if (out.emitOutputs()) {
      int ow = out.outputWidth();
      Object[] steps = new Object[length];
      for (int t = 0; t < length; t++) {
        steps[t] = floats(window.outputs, (window.starts[i] + t) * ow, ow);
      }
      row.update(col++, new GenericArrayData(steps));
    }
    for (int k = 0; k < in.passThrough().size(); k++) {
      copy(source, in.passThroughOrdinal(k), row, col++, in.passThroughTypes().get(k));
    }
    return row;
  }

  private static ArrayData floats(float[] values, int offset, int length) {
    return UnsafeArrayData.fromPrimitiveArray(values, Platform.FLOAT_ARRAY_OFFSET + 4 * offset, length, 4);
  }

  /** Copies one field, primitives through their typed accessors. */
  static void copy(InternalRow from, int fromOrdinal, InternalRow to, int toOrdinal, DataType type) {
    if (from.isNullAt(fromOrdinal)) {
      to.setNullAt(toOrdinal);
    } else if (type instanceof LongType || type instanceof TimestampType) {
      to.setLong(toOrdinal, from.getLong(fromOrdinal));
    } else if (type instanceof IntegerType || type instanceof DateType) {
      to.setInt(toOrdinal, from.getInt(fromOrdinal));
    } else if (type instanceof DoubleType) {
      to.setDouble(toOrdinal, from.getDouble(fromOrdinal));
    } else if (type instanceof FloatType) {
      to.setFloat(toOrdinal, from.getFloat(fromOrdinal));
    } else if (type instanceof ShortType) {
      to.setShort(toOrdinal, from.getShort(fromOrdinal));
    } else if (type instanceof ByteType) {
      to.setByte(toOrdinal, from.getByte(fromOrdinal));
    } else if (type instanceof BooleanType) {
      to.setBoolean(toOrdinal, from.getBoolean(fromOrdinal));
    } else {
      to.update(toOrdinal, from.get(fromOrdinal, type));
    }
  }
}
