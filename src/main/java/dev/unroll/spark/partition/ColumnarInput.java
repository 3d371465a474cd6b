package dev.unroll.spark.partition;

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
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Whether the selected rows can be read as the scan's own column batches, skipping the row copy Spark
 * makes of every input value ({@code ColumnarToRow} into an {@code UnsafeRow}). That holds when the
 * executed plan is a columnar scan (Parquet or ORC with the vectorized reader on) under nothing but a
 * conversion to rows and a projection that only picks columns or widens an integer column to a long
 * (the length column's cast). Anything else (CSV, JSON, a filter, a computed or narrowed column, the
 * vectorized reader off) is read as rows, and {@link #reason()} says why. Decided once, on the driver.
 */
public final class ColumnarInput {
  private final SparkPlan scan;
  private final BatchColumns columns;
  private final String reason;

  private ColumnarInput(SparkPlan scan, BatchColumns columns, String reason) {
    this.scan = scan;
    this.columns = columns;
    this.reason = reason;
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

  /** The scan's name, e.g. {@code FileScan parquet ...}; null when read as rows. */
  public String scanName() {
    return scan == null ? null : scan.nodeName();
  }

  /** The scan's column batches; only when {@link #columnar()}. */
  public RDD<ColumnarBatch> batches() {
    return scan.executeColumnar();
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
