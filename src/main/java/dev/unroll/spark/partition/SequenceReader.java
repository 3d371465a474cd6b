package dev.unroll.spark.partition;

import dev.unroll.model.Embedding;
import dev.unroll.spark.plan.InputPlan;
import dev.unroll.spark.plan.SequenceLayout;
import dev.unroll.spark.read.ColumnarFloats;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;

/**
 * Checks one selected input row and copies its valid steps into a flat {@code float[]}, reading floats
 * straight from Spark's {@link ArrayData} (no boxing), a column batch's row in one copy out of its
 * vector when it can ({@link ColumnarFloats}). Only the valid prefix (the length) is read and checked;
 * steps past it are never used.
 *
 * <p>Not thread-safe: {@link #problem()} describes the last rejection.
 */
final class SequenceReader {
  private final InputPlan plan;
  private final Embedding embedding;
  private final int width;
  private String problem;
  /** The sequence of the row last checked by {@link #validSteps}, read once (each read may allocate). */
  private ArrayData sequence;
  /** The vector {@link #columnarStart} found the row's floats in. */
  private ColumnVector leaves;

  SequenceReader(InputPlan plan, Embedding embedding) {
    this.plan = plan;
    this.embedding = embedding;
    this.width = plan.stepWidth();
  }

  /** Why the last row was rejected, naming the column. */
  String problem() {
    return problem;
  }

  /** The row's valid steps, or -1 (see {@link #problem()}) when its structure is bad. */
  int validSteps(InternalRow row) {
    if (row.isNullAt(InputPlan.ID)) {
      return reject(plan.idColumn(), "the id is null, so its result could not be told apart");
    }
    if (row.isNullAt(InputPlan.SEQUENCE)) {
      return reject(plan.sequenceColumn(), "the sequence is null");
    }
    ArrayData seq = sequence = row.getArray(InputPlan.SEQUENCE);
    int n = seq.numElements();
    if (plan.layout() == SequenceLayout.FLAT) {
      if (n % width != 0) {
        return reject(plan.sequenceColumn(),
            "holds " + n + " floats, not a multiple of the feature size " + width);
      }
      n /= width;
    }
    if (!plan.hasLength()) {
      return n;
    }
    if (row.isNullAt(plan.lengthOrdinal())) {
      return reject(plan.lengthColumn(), "the length is null");
    }
    long length = row.getLong(plan.lengthOrdinal());
    if (length < 0 || length > n) {
      return reject(plan.lengthColumn(), "length " + length + " is outside 0.." + n
          + " (the sequence holds " + n + " steps)");
    }
    return (int) length;
  }

  /**
   * Copies the first {@code steps} steps of the row last checked by {@link #validSteps} to
   * {@code dst[offset ..]}; false (see {@link #problem()}) on a null or non-finite value, a step of the
   * wrong size, or a token id outside the vocabulary.
   */
  boolean copy(int steps, float[] dst, int offset) {
    ArrayData seq = sequence;
    if (seq instanceof ColumnarArray columnar && ColumnarFloats.AVAILABLE && plan.layout() != SequenceLayout.TOKENS) {
      int from = columnarStart(columnar, steps);
      float[] floats = from < 0 ? null : ColumnarFloats.floats(leaves);
      if (floats != null) {
        return copyRun(floats, from, steps * width, dst, offset);
      }
    }
    switch (plan.layout()) {
      case FLAT:
        return copyValues(seq, 0, steps * width, dst, offset);
      case NESTED:
        for (int t = 0; t < steps; t++) {
          if (seq.isNullAt(t)) {
            return fail(plan.sequenceColumn(), "step " + t + " is null");
          }
          ArrayData step = seq.getArray(t);
          if (step.numElements() != width) {
            return fail(plan.sequenceColumn(), "step " + t + " has " + step.numElements()
                + " features, the model takes " + width);
          }
          if (!copyValues(step, t * width, width, dst, offset + t * width)) {
            return false;
          }
        }
        return true;
      case TOKENS:
        for (int t = 0; t < steps; t++) {
          if (seq.isNullAt(t)) {
            return fail(plan.sequenceColumn(), "token at step " + t + " is null");
          }
          long id = seq.getLong(t);
          if (!embedding.contains(id)) {
            return fail(plan.sequenceColumn(), "token id " + id + " at step " + t
                + " is outside the embedding's vocabulary 0.." + (embedding.vocabulary() - 1));
          }
          embedding.copyRow(id, dst, offset + t * width);
        }
        return true;
      default:
        throw new AssertionError(plan.layout());
    }
  }

  /**
   * Where the row's first {@code steps} steps start in the vector of its floats (left in {@link #leaves}),
   * when they lie there in one run without nulls (steps of the model's width, one after the other); -1
   * when not, and the values are read one by one, which tells what is wrong.
   */
  private int columnarStart(ColumnarArray seq, int steps) {
    if (steps == 0) {
      return -1;
    }
    ColumnVector data = ColumnarFloats.vector(seq);
    int first = ColumnarFloats.offset(seq);
    if (plan.layout() == SequenceLayout.FLAT) {
      leaves = data;
      return data.hasNull() ? -1 : first;
    }
    if (!(data instanceof WritableColumnVector stepVector) || stepVector.hasNull()) {
      return -1;
    }
    int from = stepVector.getArrayOffset(first);
    for (int t = 0; t < steps; t++) {
      if (stepVector.getArrayLength(first + t) != width || stepVector.getArrayOffset(first + t) != from + t * width) {
        return -1;
      }
    }
    leaves = stepVector.arrayData();
    return leaves.hasNull() ? -1 : from;
  }

  /** Copies {@code count} floats without nulls from {@code floats[from ..]}; false on a non-finite one. */
  private boolean copyRun(float[] floats, int from, int count, float[] dst, int offset) {
    System.arraycopy(floats, from, dst, offset, count);
    for (int i = 0; i < count; i++) {
      float v = dst[offset + i];
      if (!Float.isFinite(v)) {
        return nonFinite(i, v);
      }
    }
    return true;
  }

  /** Copies {@code count} floats; {@code first} is the flat index of the first, for messages. */
  private boolean copyValues(ArrayData values, int first, int count, float[] dst, int offset) {
    for (int i = 0; i < count; i++) {
      if (values.isNullAt(i)) {
        return fail(plan.sequenceColumn(), "value " + describe(first + i) + " is null");
      }
      float v = values.getFloat(i);
      if (!Float.isFinite(v)) {
        return nonFinite(first + i, v);
      }
      dst[offset + i] = v;
    }
    return true;
  }

  private boolean nonFinite(int flatIndex, float v) {
    return fail(plan.sequenceColumn(), "value " + describe(flatIndex) + " is " + v
        + (plan.narrowed() && Float.isInfinite(v) ? ", beyond float32's range (+-3.4e38)" : ""));
  }

  private String describe(int flatIndex) {
    return "at step " + flatIndex / width + " feature " + flatIndex % width;
  }

  private boolean fail(String column, String what) {
    reject(column, what);
    return false;
  }

  private int reject(String column, String what) {
    problem = "column '" + column + "': " + what;
    return -1;
  }
}
