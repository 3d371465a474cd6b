package dev.unroll.weights;

/**
 * Moves gate blocks between a framework's layout and the canonical one: PyTorch and ONNX store
 * matrices "out × in" with gate blocks as row blocks; the cells want "in × out" with gate blocks as
 * column blocks, in their own gate order.
 */
public final class GateBlocks {
  private GateBlocks() {}

  /**
   * {@code src[offset ..]} is an {@code [order.length·units, in]} matrix (row blocks of {@code units}
   * rows); returns its transpose {@code [in, order.length·units]} whose column block b is the source's
   * row block {@code order[b]}.
   */
  public static float[] transposed(float[] src, int offset, int units, int in, int[] order) {
    int width = order.length * units;
    float[] out = new float[in * width];
    for (int b = 0; b < order.length; b++) {
      for (int j = 0; j < units; j++) {
        int row = offset + (order[b] * units + j) * in;
        int col = b * units + j;
        for (int i = 0; i < in; i++) {
          out[i * width + col] = src[row + i];
        }
      }
    }
    return out;
  }

  /** Blocks of {@code units} values from {@code src[offset ..]}: block b of the result is {@code order[b]}. */
  public static float[] vector(float[] src, int offset, int units, int[] order) {
    float[] out = new float[order.length * units];
    for (int b = 0; b < order.length; b++) {
      System.arraycopy(src, offset + order[b] * units, out, b * units, units);
    }
    return out;
  }

  /** {@code a + b}, element-wise, into a new array. */
  public static float[] sum(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  /** The identity order for {@code gates} blocks. */
  public static int[] identity(int gates) {
    int[] order = new int[gates];
    for (int g = 0; g < gates; g++) {
      order[g] = g;
    }
    return order;
  }
}
