package dev.unroll.spark.read;

import java.io.IOException;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

/**
 * Builds one column of a batch from its pages in ONE pass over the levels: the nulls, offsets and
 * lengths of the lists at each depth and the leaf values, which are copied in runs (every stretch
 * of non-null leaves at once). Vectors: {@code vectors[0]} is the batch's column, {@code vectors[k+1]}
 * the elements of {@code vectors[k]}; the last holds the leaves.
 *
 * <p>A level entry (r, d) appends an element at depth r (r = 0: a new row) and, below it, as deep as d
 * defines: a null list, an empty list, or a list holding a first element one level deeper, down to a
 * leaf that is null or a value. The lists left open at depths r and below are closed first.
 */
final class ColumnAssembler {
  private final ColumnShape shape;
  private final PageCursor cursor;
  private final WritableColumnVector[] vectors;
  private final int depth;
  private final int[] count;
  private final int[] openAt;
  private final int[] openStart;
  private boolean pageLoaded;
  private boolean exhausted;

  ColumnAssembler(ColumnShape shape, PageCursor cursor, WritableColumnVector column) {
    this.shape = shape;
    this.cursor = cursor;
    this.depth = shape.depth();
    this.vectors = new WritableColumnVector[depth + 1];
    vectors[0] = column;
    for (int k = 1; k <= depth; k++) {
      vectors[k] = vectors[k - 1].arrayData();
    }
    this.count = new int[depth + 1];
    this.openAt = new int[depth];
    this.openStart = new int[depth];
  }

  /** Appends the next {@code rows} rows to the (reset) column; fails if the chunk holds fewer. */
  void read(int rows) throws IOException {
    java.util.Arrays.fill(count, 0);
    java.util.Arrays.fill(openAt, -1);
    int[] arrayDefined = shape.arrayDefined();
    int[] elementsDefined = shape.elementsDefined();
    int maxDef = shape.maxDef();
    WritableColumnVector leaves = vectors[depth];
    while (true) {
      if (!pageLoaded || cursor.pos == cursor.count) {
        if (exhausted || !cursor.nextPage()) {
          exhausted = true;
          break;
        }
        pageLoaded = true;
      }
      int end = cursor.count;
      // every entry appends at most one element at each depth
      for (int k = 1; k <= depth; k++) {
        vectors[k].reserve(count[k] + end - cursor.pos);
      }
      if (cursor.dense) {
        if (readDense(rows)) {
          break;
        }
        continue;
      }
      int[] rep = cursor.rep;
      int[] def = cursor.def;
      int leaf = count[depth];
      int runStart = leaf;
      int i = cursor.pos;
      boolean full = false;
      for (; i < end; i++) {
        int r = rep[i];
        int d = def[i];
        if (r == depth && d == maxDef && depth > 0) {
          leaf++;
          continue;
        }
        if (r == 0 && count[0] == rows) {
          full = true;
          break;
        }
        count[depth] = leaf;
        close(r);
        int k = r;
        while (k < depth) {
          int at = count[k]++;
          if (d < arrayDefined[k]) {
            vectors[k].putNull(at);
            break;
          }
          openAt[k] = at;
          openStart[k] = count[k + 1];
          if (d < elementsDefined[k]) {
            break;
          }
          k++;
        }
        if (k == depth) {
          int at = count[depth]++;
          if (d < maxDef) {
            cursor.copyValues(leaves, runStart, at - runStart);
            leaves.putNull(at);
            runStart = at + 1;
          }
        }
        leaf = count[depth];
      }
      count[depth] = leaf;
      cursor.copyValues(leaves, runStart, leaf - runStart);
      cursor.pos = i;
      if (full) {
        break;
      }
    }
    close(0);
    if (count[0] != rows) {
      throw new IllegalStateException(String.join(".", shape.path()) + ": " + count[0] + " rows where " + rows
          + " were expected");
    }
  }

  /**
   * The rest of a {@link PageCursor#dense} page, or its entries up to the row after the {@code rows}-th:
   * mark by mark, each stretch between two marks being the deepest lists' next leaves; returns
   * whether the batch is full.
   */
  private boolean readDense(int rows) {
    int[] markAt = cursor.markAt;
    int[] markRep = cursor.markRep;
    int m = cursor.mark;
    int i = cursor.pos;
    int leaf = count[depth];
    int runStart = leaf;
    boolean full = false;
    for (; m < cursor.marks; m++) {
      int at = markAt[m];
      int r = markRep[m];
      leaf += at - i;
      i = at;
      if (r == 0 && count[0] == rows) {
        full = true;
        break;
      }
      count[depth] = leaf;
      close(r);
      // a list at every depth from r down, each holding a first element, the last a leaf
      for (int k = r; k < depth; k++) {
        openAt[k] = count[k]++;
        openStart[k] = count[k + 1];
      }
      leaf = ++count[depth];
      i++;
    }
    if (!full) {
      leaf += cursor.count - i;
      i = cursor.count;
    }
    count[depth] = leaf;
    cursor.copyValues(vectors[depth], runStart, leaf - runStart);
    cursor.pos = i;
    cursor.mark = m;
    return full;
  }

  /** Closes the lists open at depth {@code from} and deeper. */
  private void close(int from) {
    for (int k = from; k < depth; k++) {
      if (openAt[k] >= 0) {
        vectors[k].putArray(openAt[k], openStart[k], count[k + 1] - openStart[k]);
        openAt[k] = -1;
      }
    }
  }
}
