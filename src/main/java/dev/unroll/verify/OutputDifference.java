package dev.unroll.verify;

import dev.unroll.weights.Tensor;

/**
 * How far one expected array is from what unroll computed: the largest absolute difference and the
 * first index where it occurs. A NaN on one side only counts as an infinite difference; NaN on both
 * sides as none.
 *
 * @param at the index of the largest difference, outermost first; empty for an empty array
 */
record OutputDifference(String name, long[] shape, double maxAbs, long[] at) {

  static OutputDifference of(String name, long[] shape, float[] expected, float[] actual) {
    double worst = 0;
    int worstAt = expected.length == 0 ? -1 : 0;
    for (int i = 0; i < expected.length; i++) {
      double d = difference(expected[i], actual[i]);
      if (d > worst) {
        worst = d;
        worstAt = i;
      }
    }
    return new OutputDifference(name, shape, worst, worstAt < 0 ? new long[0] : Tensor.multiIndex(shape, worstAt));
  }

  boolean within(double tolerance) {
    return maxAbs <= tolerance;
  }

  private static double difference(float expected, float actual) {
    if (Float.isNaN(expected) || Float.isNaN(actual)) {
      return Float.isNaN(expected) && Float.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs((double) expected - (double) actual);
  }

  String shapeString() {
    return Tensor.shapeString(shape);
  }

  String atString() {
    return at.length == 0 && shape.length > 0 ? "-" : Tensor.shapeString(at);
  }
}
