package dev.unroll.spark.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;

/**
 * The arrays behind a scan's column batches, for copying a row's floats in one run: Spark's
 * {@link ColumnarArray} (a row's list) keeps its vector and offset private, and an on-heap vector its
 * floats; element by element, with a null check each, copying a 1M-row input's floats out of them was
 * about 8% of the task threads' CPU samples (JFR). Read through private access to fields that have
 * kept their names since Spark 2.3; where one is missing, {@link #AVAILABLE} is false and callers read
 * element by element.
 */
public final class ColumnarFloats {
  private static final VarHandle DATA;
  private static final VarHandle OFFSET;
  private static final VarHandle FLOATS;
  /** Whether this Spark's classes have the fields read here. */
  public static final boolean AVAILABLE;

  static {
    VarHandle data = null;
    VarHandle offset = null;
    VarHandle floats = null;
    try {
      MethodHandles.Lookup array = MethodHandles.privateLookupIn(ColumnarArray.class, MethodHandles.lookup());
      data = array.findVarHandle(ColumnarArray.class, "data", ColumnVector.class);
      offset = array.findVarHandle(ColumnarArray.class, "offset", int.class);
      floats = MethodHandles.privateLookupIn(OnHeapColumnVector.class, MethodHandles.lookup())
          .findVarHandle(OnHeapColumnVector.class, "floatData", float[].class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      data = null;
    }
    DATA = data;
    OFFSET = offset;
    FLOATS = floats;
    AVAILABLE = data != null;
  }

  private ColumnarFloats() {}

  /** The vector {@code array}'s elements are in (only when {@link #AVAILABLE}). */
  public static ColumnVector vector(ColumnarArray array) {
    return (ColumnVector) DATA.get(array);
  }

  /** Where {@code array}'s first element is in its {@link #vector}. */
  public static int offset(ColumnarArray array) {
    return (int) OFFSET.get(array);
  }

  /**
   * The floats of {@code vector} when it is an on-heap float vector holding its values, else null (also
   * when Spark's reader left them dictionary ids, decoded only when read one by one).
   */
  public static float[] floats(ColumnVector vector) {
    return vector instanceof OnHeapColumnVector onHeap && AVAILABLE && !onHeap.hasDictionary()
        ? (float[]) FLOATS.get(onHeap) : null;
  }
}
