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
  private transient boolean[] finite = new boolean[0];

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
    if (finite == null || finite.length < rows) {
      finite = new boolean[rows];
    }
    for (int r = 0; r < rows; r++) {
      int at = r * stride + offset;
      double norm2 = 0;
      long sat = 0;
      int bad = -1;
      for (int d = 0; d < width; d++) {
        float v = vectors[at + d];
        norm2 += (double) v * v;
        if (Math.abs(v) > SATURATED) {
          sat++;
        }
        if (bad < 0 && !Float.isFinite(v)) {
          bad = d;
        }
      }
      finite[r] = bad < 0;
      if (bad < 0) {
        norms.add(Math.sqrt(norm2));
        saturated += sat;
        values += width;
      } else {
        nonFiniteRows++;
        if (nonFiniteAt.size() < LOCATED) {
          nonFiniteAt.add("id " + idOf.apply(r) + ", " + name + "[" + bad + "] = " + vectors[at + bad]);
        }
      }
    }
    dims.addBlock(vectors, rows, stride, offset, finite);
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
