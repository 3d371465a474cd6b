package dev.unroll.weights;

import java.util.Arrays;

/**
 * One named array read from a weights file, converted to float32, row-major (C order).
 *
 * @param dtype the type stored in the file, e.g. {@code float32}, {@code float64}, {@code bfloat16}
 * @param shape outermost dimension first; empty for a scalar
 */
public record Tensor(String name, String dtype, long[] shape, float[] values) {

  public Tensor {
    shape = shape.clone();
    long count = elementCount(shape);
    if (count != values.length) {
      throw new IllegalArgumentException(
          "tensor " + name + ": shape " + shapeString(shape) + " needs " + count + " values, got "
              + values.length);
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** One dimension; it fits an int because {@code values} holds every element. */
  public int dim(int axis) {
    return (int) shape[axis];
  }

  /** A float32 tensor built in code (tests, converters). */
  public static Tensor of(String name, float[] values, int... shape) {
    long[] dims = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
    }
    return new Tensor(name, "float32", dims, values);
  }

  /** Fails naming this tensor unless its shape is exactly {@code expected}. */
  public Tensor requireShape(String what, int... expected) {
    boolean same = expected.length == shape.length;
    for (int i = 0; same && i < expected.length; i++) {
      same = shape[i] == expected[i];
    }
    if (!same) {
      throw new IllegalArgumentException(
          what + ": tensor " + name + " should have shape " + Arrays.toString(expected) + ", found "
              + shapeString(shape));
    }
    return this;
  }

  /** e.g. {@code rnn/lstm_cell/kernel float32 [5, 12]}. */
  public String describe() {
    return name + " " + dtype + " " + shapeString(shape);
  }

  public boolean hasShape(long... expected) {
    return Arrays.equals(shape, expected);
  }

  /** The product of the dimensions (1 for a scalar); -1 for a negative dimension or an overflow. */
  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return n;
  }

  /** The row-major position {@code flat} as one index per dimension, outermost first. */
  public static long[] multiIndex(long[] shape, long flat) {
    long[] at = new long[shape.length];
    long rest = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = rest % shape[d];
      rest /= shape[d];
    }
    return at;
  }

  /** e.g. {@code [5, 12]}, {@code []} for a scalar. */
  public static String shapeString(long[] shape) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return s.append(']').toString();
  }
}
