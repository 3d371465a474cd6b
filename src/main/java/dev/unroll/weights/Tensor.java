package dev.unroll.weights;

import java.util.Arrays;

/**
 * A named float tensor as a file holds it: {@code shape} outermost first, {@code values} in C order.
 * The format converters take these, already read, so they never do I/O themselves.
 */
public record Tensor(String name, int[] shape, float[] values) {

  public Tensor {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " needs " + n + " values, found " + values.length);
    }
  }

  public static Tensor of(String name, float[] values, int... shape) {
    return new Tensor(name, shape.clone(), values);
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  /** e.g. {@code W [1, 12, 5]}. */
  public String describe() {
    return name + " " + Arrays.toString(shape);
  }

  /** Fails naming this tensor unless its shape is exactly {@code expected}. */
  public Tensor requireShape(String what, int... expected) {
    if (!Arrays.equals(shape, expected)) {
      throw new IllegalArgumentException(
          what + ": tensor " + name + " should have shape " + Arrays.toString(expected) + ", found "
              + Arrays.toString(shape));
    }
    return this;
  }
}
