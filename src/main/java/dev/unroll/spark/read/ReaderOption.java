package dev.unroll.spark.read;

import java.util.Locale;

/**
 * Which reader turns Parquet input into column batches: unroll's own ({@link #UNROLL}, the default,
 * which hands a file it does not read exactly to Spark) or Spark's vectorized reader for every file
 * ({@link #SPARK}). Set with the Spark conf {@value #KEY}, e.g. {@code --conf spark.unroll.reader=spark}.
 */
public enum ReaderOption {
  UNROLL, SPARK;

  /** The Spark conf key; its value is {@code unroll} or {@code spark}. */
  public static final String KEY = "spark.unroll.reader";

  /** The reader {@code value} names; null means the default. */
  public static ReaderOption parse(String value) {
    if (value == null || value.isBlank()) {
      return UNROLL;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY + " is '" + value + "': use 'unroll' or 'spark'", e);
    }
  }
}
