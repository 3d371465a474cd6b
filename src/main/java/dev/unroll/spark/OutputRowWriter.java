package dev.unroll.spark;

import dev.unroll.config.OutputLayout;
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
 * <p>The returned row is reused for the next call, as Spark's own row iterators do; Spark copies it
 * (into an {@code UnsafeRow}) before keeping it.
 */
final class OutputRowWriter {
  private final OutputPlan out;
  private final SpecificInternalRow row;

  OutputRowWriter(OutputPlan out) {
    this.out = out;
    this.row = new SpecificInternalRow(out.schema());
  }

  /** The output row of window row {@code i}. */
  InternalRow write(ScoringWindow window, int i) {
    int col = 0;
    window.kept.copyTo(i, 0, row, col++);
    int length = window.lengths[i];
    for (OutputPlan.VectorField field : out.vectors()) {
      int at = i * out.vectorWidth() + field.offset();
      boolean isNull = field.nullWhenEmpty() && length == 0;
      if (out.layout() == OutputLayout.ARRAY) {
        if (isNull) {
          row.setNullAt(col++);
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
    for (int k = 1; k < window.kept.size(); k++) {
      window.kept.copyTo(i, k, row, col++);
    }
    return row;
  }

  private static ArrayData floats(float[] values, int offset, int length) {
    return UnsafeArrayData.fromPrimitiveArray(values, Platform.FLOAT_ARRAY_OFFSET + 4 * offset, length, 4);
  }
}
