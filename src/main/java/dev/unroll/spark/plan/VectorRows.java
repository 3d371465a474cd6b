package dev.unroll.spark.plan;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;

/**
 * Spark ML's {@code Vector} as Catalyst stores it ({@code VectorUDT}'s row: type, size, indices, values),
 * written straight from a float buffer without building a {@code DenseVector} per row.
 */
public final class VectorRows {
  private VectorRows() {}

  /** {@code org.apache.spark.ml.linalg.VectorUDT}, the column type KMeans and friends take. */
  static final DataType TYPE = SQLDataTypes.VectorType();

  /** {@code VectorUDT}'s tag for a dense vector (size and indices are then null). */
  private static final byte DENSE = 1;

  /** The dense vector of {@code width} floats at {@code offset}, each widened exactly to a double. */
  public static InternalRow dense(float[] values, int offset, int width) {
    double[] widened = new double[width];
    for (int k = 0; k < width; k++) {
      widened[k] = values[offset + k];
    }
    return new GenericInternalRow(new Object[] {DENSE, null, null, UnsafeArrayData.fromPrimitiveArray(widened)});
  }
}
