package dev.unroll.spark.partition;

import dev.unroll.config.OutputLayout;
import dev.unroll.spark.plan.OutputPlan;
import dev.unroll.spark.plan.VectorRows;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Builds output rows from a scored window without boxing a float: vectors become
 * {@link UnsafeArrayData} copied straight from the window's float buffer, or plain float fields of a
 * {@link SpecificInternalRow}.
 *
 * <p>The returned row, and the arrays it holds, are reused for the next call, as Spark's own row
 * iterators do; Spark copies the row (into an {@code UnsafeRow}) before it asks for the next one, so no
 * object is allocated per row.
 */
final class OutputRowWriter {
  private final OutputPlan out;
  private final SpecificInternalRow row;
  // one reused array per vector field (array layout): Spark's unsafe array header, then the floats
  private final UnsafeArrayData[] arrays;
  private final byte[][] arrayBytes;
  private final int[] headers;

  OutputRowWriter(OutputPlan out) {
    this.out = out;
    this.row = new SpecificInternalRow(out.schema());
    int fields = out.vectors().size();
    this.arrays = new UnsafeArrayData[fields];
    this.arrayBytes = new byte[fields][];
    this.headers = new int[fields];
    for (int f = 0; f < fields; f++) {
      int width = out.vectors().get(f).width();
      headers[f] = UnsafeArrayData.calculateHeaderPortionInBytes(width);
      int size = headers[f] + ((4 * width + 7) & ~7); // the value region padded to a word, as Spark does
      arrayBytes[f] = new byte[size];
      Platform.putLong(arrayBytes[f], Platform.BYTE_ARRAY_OFFSET, width); // the element count; no nulls
      arrays[f] = new UnsafeArrayData();
      arrays[f].pointTo(arrayBytes[f], Platform.BYTE_ARRAY_OFFSET, size);
    }
  }

  /** The output row of window row {@code i}. */
  InternalRow write(ScoringWindow window, int i) {
    int col = 0;
    window.kept.copyTo(i, 0, row, col++);
    int length = window.lengths[i];
    for (int f = 0; f < out.vectors().size(); f++) {
      OutputPlan.VectorField field = out.vectors().get(f);
      int at = i * out.vectorWidth() + field.offset();
      boolean isNull = field.nullWhenEmpty() && length == 0;
      if (out.layout() != OutputLayout.COLUMNS) {
        if (isNull) {
          row.setNullAt(col++);
        } else if (out.layout() == OutputLayout.VECTOR) {
          row.update(col++, VectorRows.dense(window.vectors, at, field.width()));
        } else {
          Platform.copyMemory(window.vectors, Platform.FLOAT_ARRAY_OFFSET + 4L * at, arrayBytes[f],
              Platform.BYTE_ARRAY_OFFSET + headers[f], 4L * field.width());
          row.update(col++, arrays[f]);
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
    for (int k = 1; k < window.kept.size(); k++) {
      window.kept.copyTo(i, k, row, col++);
    }
    return row;
  }

  private static ArrayData floats(float[] values, int offset, int length) {
    return UnsafeArrayData.fromPrimitiveArray(values, Platform.FLOAT_ARRAY_OFFSET + 4 * offset, length, 4);
  }
}
