package dev.unroll.spark.read;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;

/**
 * How one requested column lies in a Parquet file, when this reader reads it exactly as Spark's does: a
 * leaf of a primitive type (int32, int64, float, double, no logical type but a signed integer's) under
 * zero, one or two lists of Spark's three-level form. {@code arrayDefined[k]} and {@code elementsDefined[k]}
 * are the definition levels from which the list at depth {@code k} is non-null and non-empty; a leaf is
 * non-null at {@code maxDef}. Anything else (a missing column, a legacy two-level list, a map, a struct,
 * another physical type or a type Spark would widen) has no shape, and {@link #check} says why.
 */
record ColumnShape(String[] path, int depth, int[] arrayDefined, int[] elementsDefined, int maxDef, Leaf leaf) {

  /** The shape of {@code field} in {@code file}, or a reason in {@code why} and null. */
  static ColumnShape check(StructField field, MessageType file, boolean caseSensitive, StringBuilder why) {
    Type match = null;
    for (Type t : file.getFields()) {
      boolean same = caseSensitive ? t.getName().equals(field.name()) : t.getName().equalsIgnoreCase(field.name());
      if (same && match != null) {
        why.append("column '").append(field.name()).append("' matches two fields of the file");
        return null;
      }
      match = same ? t : match;
    }
    if (match == null) {
      why.append("the file has no column '").append(field.name()).append('\'');
      return null;
    }
    List<String> path = new ArrayList<>();
    List<Integer> arrays = new ArrayList<>();
    List<Integer> elements = new ArrayList<>();
    DataType type = field.dataType();
    Type node = match;
    int def = 0;
    while (true) {
      path.add(node.getName());
      if (node.isRepetition(Type.Repetition.REPEATED)) {
        why.append("column '").append(field.name()).append("' is a repeated field outside a list");
        return null;
      }
      def += node.isRepetition(Type.Repetition.OPTIONAL) ? 1 : 0;
      if (!(type instanceof ArrayType array)) {
        break;
      }
      Type repeated = listChild(node);
      if (repeated == null || arrays.size() == 2) {
        why.append("column '").append(field.name()).append("' is not a list of Spark's three-level form, two deep at most");
        return null;
      }
      arrays.add(def);
      def++;
      elements.add(def);
      path.add(repeated.getName());
      node = repeated.asGroupType().getType(0);
      type = array.elementType();
    }
    Leaf leaf = node.isPrimitive() ? Leaf.of(type, node.asPrimitiveType()) : null;
    if (leaf == null) {
      why.append("column '").append(field.name()).append("' is ").append(node).append(" in the file, read as ")
          .append(type.simpleString());
      return null;
    }
    return new ColumnShape(path.toArray(String[]::new), arrays.size(),
        arrays.stream().mapToInt(Integer::intValue).toArray(), elements.stream().mapToInt(Integer::intValue).toArray(),
        def, leaf);
  }

  /** The repeated group of a three-level list as Spark's converter recognises it, or null. */
  private static Type listChild(Type list) {
    if (list.isPrimitive() || !(list.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
        || list.asGroupType().getFieldCount() != 1) {
      return null;
    }
    Type repeated = list.asGroupType().getType(0);
    // Spark reads these as the element itself (legacy two-level lists): this reader does not
    if (!repeated.isRepetition(Type.Repetition.REPEATED) || repeated.isPrimitive()) {
      return null;
    }
    GroupType group = repeated.asGroupType();
    if (group.getFieldCount() != 1 || group.getName().equals("array")
        || group.getName().equals(list.getName() + "_tuple")) {
      return null;
    }
    return group.getType(0).isRepetition(Type.Repetition.REPEATED) ? null : group;
  }

  /** The leaf types read, each the Spark type whose vector takes its values as stored. */
  enum Leaf {
    INT32(4), INT64(8), FLOAT(4), DOUBLE(8);

    final int width;

    Leaf(int width) {
      this.width = width;
    }

    static Leaf of(DataType type, PrimitiveType stored) {
      LogicalTypeAnnotation logical = stored.getLogicalTypeAnnotation();
      boolean plainInt = logical == null || (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
          && i.isSigned() && i.getBitWidth() == (stored.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64 ? 64 : 32));
      return switch (stored.getPrimitiveTypeName()) {
        case INT32 -> type instanceof IntegerType && plainInt ? INT32 : null;
        case INT64 -> type instanceof LongType && plainInt ? INT64 : null;
        case FLOAT -> type instanceof FloatType && logical == null ? FLOAT : null;
        case DOUBLE -> type instanceof DoubleType && logical == null ? DOUBLE : null;
        default -> null;
      };
    }
  }
}
