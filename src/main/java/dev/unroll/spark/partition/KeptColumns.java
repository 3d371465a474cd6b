package dev.unroll.spark.partition;

import dev.unroll.spark.plan.InputPlan;
import org.apache.spark.sql.catalyst.InternalRow;
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

/**
 * The id and pass-through columns of a window's rows, kept once the input iterator has reused its row
 * object. Only these columns are kept, not the row: its sequence already sits, as floats, in the window's
 * buffer. Primitive values go to a reused {@code long[]} (no allocation per row); other types (strings,
 * decimals, structs) are copied one value at a time.
 */
final class KeptColumns {
  private enum Kind { LONG, INT, SHORT, BYTE, BOOLEAN, DOUBLE, FLOAT, OBJECT }

  private final int[] ordinals;
  private final DataType[] types;
  private final Kind[] kinds;
  private final int capacity;
  /** Column c of slot i at {@code c * capacity + i}. */
  private final long[] bits;
  private final Object[] objects;
  private final boolean[] nulls;

  KeptColumns(InputPlan plan, int capacity) {
    int n = 1 + plan.passThrough().size();
    this.ordinals = new int[n];
    this.types = new DataType[n];
    this.kinds = new Kind[n];
    this.capacity = capacity;
    ordinals[0] = InputPlan.ID;
    types[0] = plan.idType();
    for (int k = 0; k < plan.passThrough().size(); k++) {
      ordinals[1 + k] = plan.passThroughOrdinal(k);
      types[1 + k] = plan.passThroughTypes().get(k);
    }
    boolean anyObject = false;
    for (int c = 0; c < n; c++) {
      kinds[c] = kind(types[c]);
      anyObject |= kinds[c] == Kind.OBJECT;
    }
    this.bits = new long[n * capacity];
    this.objects = anyObject ? new Object[n * capacity] : null;
    this.nulls = new boolean[n * capacity];
  }

  /** How many columns are kept: the id, then the pass-through columns. */
  int size() {
    return ordinals.length;
  }

  /** Keeps the columns of {@code row} in {@code slot}. */
  void keep(int slot, InternalRow row) {
    for (int c = 0; c < ordinals.length; c++) {
      int at = c * capacity + slot;
      int ordinal = ordinals[c];
      nulls[at] = row.isNullAt(ordinal);
      if (nulls[at]) {
        continue;
      }
      switch (kinds[c]) {
        case LONG -> bits[at] = row.getLong(ordinal);
        case INT -> bits[at] = row.getInt(ordinal);
        case SHORT -> bits[at] = row.getShort(ordinal);
        case BYTE -> bits[at] = row.getByte(ordinal);
        case BOOLEAN -> bits[at] = row.getBoolean(ordinal) ? 1 : 0;
        case DOUBLE -> bits[at] = Double.doubleToRawLongBits(row.getDouble(ordinal));
        case FLOAT -> bits[at] = Float.floatToRawIntBits(row.getFloat(ordinal));
        case OBJECT -> objects[at] = InternalRow.copyValue(row.get(ordinal, types[c]));
      }
    }
  }

  /** Drops the kept objects of the first {@code count} slots, so a finished window holds none. */
  void clear(int count) {
    if (objects != null) {
      for (int c = 0; c < ordinals.length; c++) {
        java.util.Arrays.fill(objects, c * capacity, c * capacity + count, null);
      }
    }
  }

  /** Sets field {@code to} of {@code row} to kept column {@code column} of {@code slot}. */
  void copyTo(int slot, int column, InternalRow row, int to) {
    int at = column * capacity + slot;
    if (nulls[at]) {
      row.setNullAt(to);
      return;
    }
    long v = bits[at];
    switch (kinds[column]) {
      case LONG -> row.setLong(to, v);
      case INT -> row.setInt(to, (int) v);
      case SHORT -> row.setShort(to, (short) v);
      case BYTE -> row.setByte(to, (byte) v);
      case BOOLEAN -> row.setBoolean(to, v != 0);
      case DOUBLE -> row.setDouble(to, Double.longBitsToDouble(v));
      case FLOAT -> row.setFloat(to, Float.intBitsToFloat((int) v));
      case OBJECT -> row.update(to, objects[at]);
    }
  }

  private static Kind kind(DataType type) {
    if (type instanceof LongType || type instanceof TimestampType) {
      return Kind.LONG;
    } else if (type instanceof IntegerType || type instanceof DateType) {
      return Kind.INT;
    } else if (type instanceof ShortType) {
      return Kind.SHORT;
    } else if (type instanceof ByteType) {
      return Kind.BYTE;
    } else if (type instanceof BooleanType) {
      return Kind.BOOLEAN;
    } else if (type instanceof DoubleType) {
      return Kind.DOUBLE;
    } else if (type instanceof FloatType) {
      return Kind.FLOAT;
    }
    return Kind.OBJECT;
  }
}
