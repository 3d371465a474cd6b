package dev.unroll.report;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What one written vector column ({@code h} or {@code c}) looked like over a run: the distribution of
 * its rows' L2 norms, each dimension's moments, how many values were saturated (|v| > 0.99, which for a
 * tanh output means the unit is pinned), and the rows holding NaN or infinite values, counted and the
 * first few located. Rows with a non-finite value are left out of the norms and moments.
 */
public final class EmbeddingStats implements Serializable {
  private static final long serialVersionUID = 1L;
  /** |v| above this counts as saturated. */
  public static final double SATURATED = 0.99;
  /** How many non-finite rows are located by id and dimension. */
  static final int LOCATED = 5;

  private final String name;
  private final Histogram norms;
  private final Moments dims;
  private long values;
  private long saturated;
  private long nonFiniteRows;
  private final List<String> nonFiniteAt;
  /** Scratch for a block: each row's sum of squares, and the rows holding a non-finite value. */
  private transient double[] sumsOfSquares;
  private transient int[] nonFinite;

  public EmbeddingStats(String name, int width) {
    this(name, new Histogram(), new Moments(width), 0, 0, 0, new ArrayList<>());
  }

  EmbeddingStats(String name, Histogram norms, Moments dims, long values, long saturated, long nonFiniteRows,
      List<String> nonFiniteAt) {
    this.name = name;
    this.norms = norms;
    this.dims = dims;
    this.values = values;
    this.saturated = saturated;
    this.nonFiniteRows = nonFiniteRows;
    this.nonFiniteAt = new ArrayList<>(nonFiniteAt);
  }

  /**
   * Adds a block of rows; row {@code r}'s vector starts at {@code r * stride + offset}.
   *
   * @param idOf the id of row {@code r}, asked only for rows holding a non-finite value
   */
  public void addBlock(float[] vectors, int rows, int stride, int offset, IntFunction<String> idOf) {
    int width = dims.width();
    if (sumsOfSquares == null || sumsOfSquares.length < rows) {
      sumsOfSquares = new double[rows];
      nonFinite = new int[rows];
    }
    BlockSums.sumsOfSquares(vectors, rows, stride, offset, width, sumsOfSquares);
    int nonFiniteInBlock = 0;
    for (int r = 0; r < rows; r++) {
      int at = r * stride + offset;
      double norm2 = sumsOfSquares[r];
      if (Double.isFinite(norm2)) {
        norms.add(Math.sqrt(norm2));
        saturated += BlockSums.saturated(vectors, at, width);
        values += width;
      } else {
        nonFinite[nonFiniteInBlock++] = r;
        if (nonFiniteAt.size() < LOCATED) {
          int bad = firstNonFinite(vectors, at);
          nonFiniteAt.add("id " + idOf.apply(r) + ", " + name + "[" + bad + "] = " + vectors[at + bad]);
        }
      }
    }
    nonFiniteRows += nonFiniteInBlock;
    dims.addBlock(vectors, rows, stride, offset, nonFinite, nonFiniteInBlock);
  }

  /** The first dimension of a row known to hold a non-finite value that holds one. */
  private static int firstNonFinite(float[] vectors, int at) {
    int d = 0;
    while (Float.isFinite(vectors[at + d])) {
      d++;
    }
    return d;
  }

  public void merge(EmbeddingStats other) {
    norms.merge(other.norms);
    dims.merge(other.dims);
    values += other.values;
    saturated += other.saturated;
    nonFiniteRows += other.nonFiniteRows;
    for (String at : other.nonFiniteAt) {
      if (nonFiniteAt.size() < LOCATED) {
        nonFiniteAt.add(at);
      }
    }
  }

  public String name() {
    return name;
  }

  public Histogram norms() {
    return norms;
  }

  public Moments dims() {
    return dims;
  }

  /** Values of finite rows. */
  public long values() {
    return values;
  }

  public long saturated() {
    return saturated;
  }

  public double saturatedShare() {
    return values == 0 ? 0 : (double) saturated / values;
  }

  public long nonFiniteRows() {
    return nonFiniteRows;
  }

  /** The first rows found holding NaN or infinity: id, dimension and value. */
  public List<String> nonFiniteAt() {
    return List.copyOf(nonFiniteAt);
  }
}
