package dev.unroll.spark.partition;

import dev.unroll.spark.read.ScanChoice;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Whether the selected rows can be read as the scan's own column batches, skipping the row copy Spark
 * makes of every input value ({@code ColumnarToRow} into an {@code UnsafeRow}). That holds when the
 * executed plan is a columnar scan (Parquet or ORC with the vectorized reader on) under nothing but a
 * conversion to rows and a projection that only picks columns or widens an integer column to a long
 * (the length column's cast), over columns whose types a column-batch row hands out. Anything else
 * (CSV, JSON, a filter, a computed or narrowed column, the vectorized reader off, a timestamp without
 * time zone) is read as rows, and {@link #reason()} says why. Decided once, on the driver, as is which
 * reader turns the files into batches ({@link ScanChoice}: unroll's Parquet reader or Spark's).
 */
public final class ColumnarInput {
  private final SparkPlan scan;
  private final BatchColumns columns;
  private final String reason;
  private final ScanChoice reader;

  private ColumnarInput(SparkPlan scan, BatchColumns columns, String reason) {
    this.scan = scan;
    this.columns = columns;
    this.reason = reason;
    this.reader = scan == null ? null : ScanChoice.of(scan);
  }

  /** How {@code selected} (the scoring pass's selection) can be read. */
  public static ColumnarInput of(Dataset<Row> selected) {
    SparkPlan top = Catalyst.executedPlan(selected);
    SparkPlan node = unwrap(top);
    List<Expression> projection = new ArrayList<>(ScalaCollections.asJava(top.output()));
    if (node instanceof ProjectExec project) {
      projection.clear();
      // a named expression is an attribute or an alias, both expressions (Scala's trait does not say so)
      for (NamedExpression e : ScalaCollections.asJava(project.projectList())) {
        projection.add((Expression) e);
      }
      node = unwrap(project.child());
    }
    if (!(node instanceof ColumnarToRowExec toRows)) {
      return rows("the input plan's top is " + node.nodeName() + ", not a columnar scan");
    }
    for (StructField field : selected.schema().fields()) {
      if (!readableFromVectors(field.dataType())) {
        return rows("column '" + field.name() + "' is of type " + field.dataType().simpleString()
            + ", which Spark's column-batch rows do not hand out");
      }
    }
    SparkPlan scan = unwrap(toRows.child());
    if (!scan.supportsColumnar()) {
      return rows(scan.nodeName() + " does not produce column batches");
    }
    List<Attribute> scanned = ScalaCollections.asJava(scan.output());
    int n = projection.size();
    int[] sources = new int[n];
    boolean[] widen = new boolean[n];
    for (int i = 0; i < n; i++) {
      Expression e = projection.get(i);
      if (e instanceof Alias alias) {
        e = alias.child();
      }
      if (e instanceof Cast cast && cast.dataType() instanceof LongType && isNarrowInteger(cast.child().dataType())) {
        widen[i] = true;
        e = cast.child();
      }
      sources[i] = e instanceof AttributeReference a ? indexOf(scanned, a) : -1;
      if (sources[i] < 0) {
        return rows("column " + i + " of the selection is computed (" + projection.get(i).sql() + ")");
      }
    }
    return new ColumnarInput(scan, new BatchColumns(sources, widen), null);
  }

  /** Whether the batches are read directly. */
  public boolean columnar() {
    return scan != null;
  }

  /** Why the input is read as rows; null when it is read as batches. */
  public String reason() {
    return reason;
  }

  /**
   * The scan's name, e.g. {@code FileScan parquet ...}, and which reader reads its files (and why not
   * unroll's); null when read as rows.
   */
  public String scanName() {
    return scan == null ? null : scan.nodeName().trim() + (reader.unroll() ? ", read by unroll's Parquet reader"
        : ", read by Spark's reader (" + reader.reason() + ")");
  }

  /** Whether unroll's Parquet reader reads the batches ({@link ScanChoice}); only when {@link #columnar()}. */
  public boolean unrollReader() {
    return reader.unroll();
  }

  /** The scan's column batches; only when {@link #columnar()}. */
  public RDD<ColumnarBatch> batches() {
    return reader.unroll() ? reader.batches() : scan.executeColumnar();
  }

  /** Which of the scan's columns make the selected row; only when {@link #columnar()}. */
  public BatchColumns columns() {
    return columns;
  }

  private static ColumnarInput rows(String reason) {
    return new ColumnarInput(null, null, reason);
  }

  /** {@code plan} without the code-generation wrappers, which change no column. */
  private static SparkPlan unwrap(SparkPlan plan) {
    SparkPlan p = plan;
    while (true) {
      if (p instanceof WholeStageCodegenExec w) {
        p = w.child();
      } else if (p instanceof InputAdapter a) {
        p = a.child();
      } else {
        return p;
      }
    }
  }

  /**
   * Whether a value of {@code type} can be read and copied from a column-batch row: the types its
   * {@code get} and {@code copy} know (not, for instance, timestamps without a time zone), at any depth.
   */
  private static boolean readableFromVectors(DataType type) {
    if (type instanceof ArrayType a) {
      return readableFromVectors(a.elementType());
    } else if (type instanceof MapType m) {
      return readableFromVectors(m.keyType()) && readableFromVectors(m.valueType());
    } else if (type instanceof StructType st) {
      for (StructField f : st.fields()) {
        if (!readableFromVectors(f.dataType())) {
          return false;
        }
      }
      return true;
    }
    return type instanceof BooleanType || type instanceof ByteType || type instanceof ShortType
        || type instanceof IntegerType || type instanceof LongType || type instanceof FloatType
        || type instanceof DoubleType || type instanceof StringType || type instanceof BinaryType
        || type instanceof DecimalType || type instanceof DateType || type instanceof TimestampType
        || type instanceof YearMonthIntervalType || type instanceof DayTimeIntervalType;
  }

  /** Integer types whose cast to a long is exact and cannot fail. */
  private static boolean isNarrowInteger(DataType t) {
    return t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType;
  }

  private static int indexOf(List<Attribute> scanned, AttributeReference a) {
    for (int k = 0; k < scanned.size(); k++) {
      if (scanned.get(k).exprId().equals(a.exprId())) {
        return k;
      }
    }
    return -1;
  }
}
