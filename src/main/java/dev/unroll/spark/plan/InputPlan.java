package dev.unroll.spark.plan;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Embedding;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How the job reads its input: which columns, in which layout, cast to which types. Decided once on the
 * driver from the input's schema; travels to executors as plain values.
 *
 * <p>The selected row is {@code id, sequence, [length], pass-through...}: the sequence cast to
 * {@code array<array<float>>}, {@code array<float>} or {@code array<bigint>} (so doubles arrive as
 * floats), the length to {@code bigint}.
 *
 * @param stepWidth floats per step given to the first layer (features, or the embedding dimension)
 * @param narrowed whether the sequence's values are stored as doubles or decimals and converted to
 *     float32, where a value beyond float32's range becomes infinite
 * @param castSequence whether the sequence column needs a cast: not when it already holds floats (or
 *     longs), whatever its arrays' nullability; Spark would otherwise rebuild every nested array of
 *     every row, boxing each float
 */
public record InputPlan(
    SequenceLayout layout,
    int stepWidth,
    boolean narrowed,
    String idColumn,
    DataType idType,
    String sequenceColumn,
    boolean castSequence,
    String lengthColumn,
    List<String> passThrough,
    List<DataType> passThroughTypes)
    implements Serializable {

  public static final int ID = 0;
  public static final int SEQUENCE = 1;

  public InputPlan {
    passThrough = List.copyOf(passThrough);
    passThroughTypes = List.copyOf(passThroughTypes);
  }

  public boolean hasLength() {
    return lengthColumn != null;
  }

  /** Ordinal of the length column in the selected row. */
  public int lengthOrdinal() {
    return 2;
  }

  /** Ordinal of pass-through column {@code k} in the selected row. */
  public int passThroughOrdinal(int k) {
    return (hasLength() ? 3 : 2) + k;
  }

  /** The columns to select from the input, in the selected row's order. */
  public Column[] selection() {
    List<Column> columns = new ArrayList<>();
    columns.add(column(idColumn));
    columns.add(castSequence ? column(sequenceColumn).cast(target(layout)).as(sequenceColumn)
        : column(sequenceColumn));
    if (hasLength()) {
      columns.add(column(lengthColumn).cast(DataTypes.LongType).as(lengthColumn));
    }
    for (String c : passThrough) {
      columns.add(column(c));
    }
    return columns.toArray(new Column[0]);
  }

  /** The stored sequence column, carried through the quarantine pass beside its cast. */
  private static final String STORED = "_unroll_stored_sequence";

  /**
   * {@link #selection()} plus the sequence column as stored, so a quarantined row keeps the values it
   * had (a double 1e300 stays 1e300, not the infinity it became as a float).
   */
  public Column[] quarantineSelection() {
    List<Column> columns = new ArrayList<>(Arrays.asList(selection()));
    columns.add(column(sequenceColumn).as(STORED));
    return columns.toArray(new Column[0]);
  }

  /** Rows selected by {@link #quarantineSelection()}, with the stored sequence in place of its cast. */
  public Dataset<Row> withStoredSequence(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (String name : rows.columns()) {
      if (name.equals(sequenceColumn)) {
        columns.add(column(STORED).as(sequenceColumn));
      } else if (!name.equals(STORED)) {
        columns.add(column(name));
      }
    }
    return rows.select(columns.toArray(new Column[0]));
  }

  /** The type the sequence column is read as, arrays of nullable elements. */
  private static DataType target(SequenceLayout layout) {
    return switch (layout) {
      case NESTED -> DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType));
      case FLAT -> DataTypes.createArrayType(DataTypes.FloatType);
      case TOKENS -> DataTypes.createArrayType(DataTypes.LongType);
    };
  }

  /** {@code type} with every array's elements nullable, to compare types regardless of nullability. */
  private static DataType withNullableElements(DataType type) {
    return type instanceof ArrayType a
        ? DataTypes.createArrayType(withNullableElements(a.elementType()), true) : type;
  }

  static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  /**
   * Checks the input schema against the options and the model, or says what to change.
   *
   * @param embedding the table for token-id sequences, or null
   */
  public static InputPlan analyze(StructType schema, JobConfig.Input in, int modelInputSize, Embedding embedding) {
    StructField id = field(schema, in.idColumn(), "--id-column");
    StructField seq = field(schema, in.sequenceColumn(), "--sequence-column");
    String expected = "a sequence column must be array<array<float|double>> (steps x features), "
        + "array<float|double> (steps*features, with --feature-size) or array<int|bigint> (token ids, "
        + "with --embedding)";
    if (!(seq.dataType() instanceof ArrayType outer)) {
      throw new PreflightException("column '" + seq.name() + "' is " + seq.dataType().simpleString() + "; "
          + expected + ("csv".equals(in.format()) ? "; csv cannot hold arrays: use parquet, orc or json" : ""));
    }
    DataType element = outer.elementType();
    SequenceLayout layout;
    int width;
    if (element instanceof ArrayType inner && isNumber(inner.elementType())) {
      layout = SequenceLayout.NESTED;
      width = modelInputSize;
      if (in.featureSize() != null && in.featureSize() != modelInputSize) {
        throw new PreflightException("--feature-size " + in.featureSize() + " but the model takes "
            + modelInputSize + " features per step: drop --feature-size or use the matching model");
      }
    } else if (isInteger(element) && embedding != null) {
      layout = SequenceLayout.TOKENS;
      width = embedding.dimension();
      if (width != modelInputSize) {
        throw new PreflightException("the embedding has dimension " + width + " but the model's first layer"
            + " takes " + modelInputSize + " features: use the embedding the model was trained with");
      }
    } else if (isNumber(element)) {
      layout = SequenceLayout.FLAT;
      width = in.featureSize() == null ? modelInputSize : in.featureSize();
      if (width != modelInputSize) {
        throw new PreflightException("--feature-size " + width + " but the model takes " + modelInputSize
            + " features per step: set --feature-size " + modelInputSize + " or use the matching model");
      }
    } else {
      throw new PreflightException(
          "column '" + seq.name() + "' is " + seq.dataType().simpleString() + "; " + expected);
    }
    if (embedding != null && layout != SequenceLayout.TOKENS) {
      throw new PreflightException("--embedding is set but column '" + seq.name() + "' is "
          + seq.dataType().simpleString() + ", not token ids (array<int> or array<bigint>)");
    }
    String length = in.lengthColumn();
    if (length != null) {
      StructField len = field(schema, length, "--length-column");
      if (!isInteger(len.dataType())) {
        throw new PreflightException("--length-column '" + length + "' is " + len.dataType().simpleString()
            + "; it must be an integer column (int or bigint)");
      }
    }
    List<DataType> types = new ArrayList<>();
    for (String c : in.passThrough()) {
      types.add(field(schema, c, "--pass-through").dataType());
    }
    DataType values = element instanceof ArrayType inner ? inner.elementType() : element;
    boolean narrowed = layout != SequenceLayout.TOKENS && (values instanceof DoubleType || values instanceof DecimalType);
    boolean cast = !withNullableElements(seq.dataType()).equals(target(layout));
    return new InputPlan(layout, width, narrowed, id.name(), id.dataType(), seq.name(), cast, length,
        in.passThrough(), types);
  }

  private static StructField field(StructType schema, String name, String option) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new PreflightException(option + " names column '" + name + "', which the input does not have; "
        + "its columns are " + Arrays.toString(schema.fieldNames()));
  }

  private static boolean isNumber(DataType t) {
    return t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType || isInteger(t);
  }

  private static boolean isInteger(DataType t) {
    return t instanceof IntegerType || t instanceof LongType || t instanceof ShortType || t instanceof ByteType;
  }
}
