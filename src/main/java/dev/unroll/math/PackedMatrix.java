package dev.unroll.math;

/** A k × n matrix packed by one {@link Gemm} implementation for use as its B operand. */
public interface PackedMatrix {
  int rows();

  int cols();
}
