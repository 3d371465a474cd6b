package dev.unroll.spark.publish;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The options the scoring output is written with: {@code --output-options} over defaults chosen for
 * embeddings. Only Parquet gets defaults; other sinks get the user's options as they are.
 *
 * <p>Measured on 1M rows of 64-float h and c (the README's end-to-end benchmark) and per file:
 * <ul>
 *   <li>Dictionary encoding off on float columns: Parquet tries a dictionary on every column chunk and
 *       abandons it after a page of random floats; trying costs more than the rest of the write. Off on
 *       the id column too: its values are unique, so the dictionary is as large as the plain values and
 *       Parquet abandons it on every file (its hash map and the re-encoding took 3.4% of a job's task CPU
 *       samples, JFR). Pass-through columns keep Parquet's default, where a dictionary can pay.
 *   <li>No min/max statistics on float columns: nobody filters embeddings by the range of one
 *       dimension, and keeping them compared every float written (6.5% of all CPU samples of a profiled
 *       job, JFR).
 *   <li>Compression {@value #DEFAULT_CODEC}: final states are close to incompressible. On the 1M output
 *       zstd saves 8.1% of the bytes, none adds 2.2%; per file (ParquetWriterBenchmark, direct writer)
 *       zstd's CPU is within the noise of snappy's and none saves 13%, but zstd's one whole-job run
 *       took 10.3 s of write task time against 5.8-6.6 s for the other codecs, so snappy, Spark's own
 *       default, stays (docs/outputs.md has the table).
 *   <li>No BYTE_STREAM_SPLIT ({@code parquet.enable.bytestreamsplit}, which unroll's direct Parquet writer
 *       honours on every Spark 4 line): Spark 4.2.0's vectorized Parquet reader refuses the encoding, so
 *       Spark could not read the output back with its default reader.
 * </ul>
 */
final class WriterOptions {
  /** parquet-mr's dictionary switch; {@code KEY#column.path} sets it for one column. */
  static final String DICTIONARY = "parquet.enable.dictionary";
  /** parquet-mr's min/max statistics switch; {@code KEY#column.path} sets it for one column. */
  static final String STATISTICS = "parquet.column.statistics.enabled";
  /** Spark's Parquet codec option, which wins over the session's {@code spark.sql.parquet.compression.codec}. */
  static final String COMPRESSION = "compression";
  /** parquet-mr's own codec key, also honoured by Spark's sink. */
  static final String PARQUET_COMPRESSION = "parquet.compression";
  static final String DEFAULT_CODEC = "snappy";

  private WriterOptions() {}

  /**
   * The user's options over the defaults for {@code format} and {@code schema}, whose column
   * {@code idColumn} (when it has one) holds unique ids.
   */
  static Map<String, String> resolve(String format, Map<String, String> user, StructType schema, String idColumn) {
    if (!format.toLowerCase(Locale.ROOT).equals("parquet")) {
      return user;
    }
    Map<String, String> options = new LinkedHashMap<>();
    List<String> floats = floatColumns(schema);
    if (noneStartsWith(user, DICTIONARY)) {
      for (String column : floats) {
        options.put(DICTIONARY + "#" + column, "false");
      }
      if (Arrays.asList(schema.fieldNames()).contains(idColumn)) {
        options.put(DICTIONARY + "#" + idColumn, "false");
      }
    }
    if (noneStartsWith(user, STATISTICS)) {
      for (String column : floats) {
        options.put(STATISTICS + "#" + column, "false");
      }
    }
    if (!user.containsKey(COMPRESSION) && !user.containsKey(PARQUET_COMPRESSION)) {
      options.put(COMPRESSION, DEFAULT_CODEC);
    }
    options.putAll(user);
    return options;
  }

  private static boolean noneStartsWith(Map<String, String> user, String key) {
    return user.keySet().stream().noneMatch(k -> k.startsWith(key));
  }

  /** Parquet column paths of the float leaves: {@code h_0}, {@code h.list.element}, ... */
  static List<String> floatColumns(StructType schema) {
    List<String> paths = new ArrayList<>();
    for (StructField f : schema.fields()) {
      addFloatLeaves(f.name(), f.dataType(), paths);
    }
    return paths;
  }

  private static void addFloatLeaves(String path, DataType type, List<String> paths) {
    if (type instanceof FloatType) {
      paths.add(path);
    } else if (type instanceof ArrayType array) {
      // Spark writes arrays in Parquet's three-level form: <name>.list.element
      addFloatLeaves(path + ".list.element", array.elementType(), paths);
    } else if (type instanceof StructType struct) {
      for (StructField f : struct.fields()) {
        addFloatLeaves(path + "." + f.name(), f.dataType(), paths);
      }
    }
  }
}
