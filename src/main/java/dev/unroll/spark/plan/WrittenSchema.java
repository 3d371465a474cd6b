package dev.unroll.spark.plan;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The schema Spark wrote into a Parquet input's first file, read on the driver so that Spark need not
 * infer it. Spark infers a Parquet input's schema with a job that reads one file's footer (unless told
 * to merge them all), and takes the schema from the footer's {@value #SPARK_SCHEMA} entry when Spark
 * wrote the file; that job was 1.0-1.2 s of a cold 1M-row run, the first job of the session. Given the
 * same schema up front, Spark reads the input alike: it still lists the files and finds partition
 * columns itself.
 *
 * <p>Only where nothing could make Spark's choice differ: Parquet without reader options or schema
 * merging, one file or a folder whose data files sit in it (no partition folders), no summary files,
 * which Spark would read first, and a first file written by Spark. Otherwise null, and Spark infers.
 */
final class WrittenSchema {
  private static final Logger LOG = LogManager.getLogger(WrittenSchema.class);

  /** The footer entry in which Spark's Parquet writer stores the rows' schema, as JSON. */
  static final String SPARK_SCHEMA = "org.apache.spark.sql.parquet.row.metadata";
  /** The session setting that makes Spark merge every file's schema, which one footer cannot stand for. */
  static final String MERGE_SCHEMA = "spark.sql.parquet.mergeSchema";

  private WrittenSchema() {}

  /** The schema Spark wrote into the input's first file, or null when Spark should infer it. */
  static StructType of(Configuration hadoop, String path, String format, Map<String, String> options,
      boolean mergeSchema) {
    if (!format.equals("parquet") || !options.isEmpty() || mergeSchema) {
      return null;
    }
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(root); // throws for a glob pattern, which Spark expands itself
      Path file = status.isDirectory() ? firstDataFile(fs.listStatus(status.getPath())) : status.getPath();
      if (file == null) {
        return null;
      }
      String json;
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop),
          HadoopReadOptions.builder(hadoop).build())) {
        json = reader.getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA);
      }
      return json != null && DataType.fromJson(json) instanceof StructType schema ? schema : null;
    } catch (IOException | RuntimeException e) {
      // a file Spark cannot read either: its own inference says so in pre-flight's words
      LOG.debug("pre-flight: the schema of {} left to Spark: {}", path, e.toString());
      return null;
    }
  }

  /**
   * The data file Spark infers a folder's schema from: the first by path of the files its file index
   * lists (names starting with {@code _} or {@code .} left out, as Spark leaves them out). Null when the
   * folder has a summary file (Spark reads that instead), a subfolder (partitions) or no data file.
   */
  private static Path firstDataFile(FileStatus[] children) {
    Path first = null;
    for (FileStatus child : children) {
      String name = child.getPath().getName();
      if (name.startsWith("_metadata") || name.startsWith("_common_metadata")) {
        return null;
      }
      boolean hidden = (name.startsWith("_") && !name.contains("=")) || name.startsWith(".")
          || name.endsWith("._COPYING_");
      if (hidden) {
        continue;
      }
      if (child.isDirectory()) {
        return null;
      }
      if (first == null || child.getPath().toString().compareTo(first.toString()) < 0) {
        first = child.getPath();
      }
    }
    return first;
  }
}
