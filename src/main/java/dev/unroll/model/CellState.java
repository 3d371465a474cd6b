package dev.unroll.model;

/**
 * The state of one cell for every sequence of a batch, row-major: {@code h} is
 * {@code count × outputSize}, {@code c} is {@code count × cellStateSize} or null for cells without one.
 */
public record CellState(float[] h, float[] c) {}
