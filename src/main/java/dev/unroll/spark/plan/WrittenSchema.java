package dev.unroll.spark.plan;

import java.io.IOException;
import java.util.List;
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
 * merging, a folder (or a file) whose data files sit in it (no partition folders), no summary files,
 * which Spark would read first, and a first file written by Spark. Otherwise null, and Spark infers.
 */
final class WrittenSchema {
  private static final Logger LOG = LogManager.getLogger(WrittenSchema.class);

  /** The footer entry in which Spark's Parquet writer stores the rows' schema, as JSON. */
  static final String SPARK_SCHEMA = "org.apache.spark.sql.parquet.row.metadata";
  /** The session setting that makes Spark merge every file's schema, which one footer cannot stand for. */
  static final String MERGE_SCHEMA = "spark.sql.parquet.mergeSchema";

  private WrittenSchema() {}

  /** The schema Spark wrote into {@code first}'s first file, or null when Spark should infer it. */
  static StructType of(Configuration hadoop, String path, String format, Map<String, String> options,
      boolean mergeSchema, InputFiles.First first) {
    if (!format.equals("parquet") || !options.isEmpty() || mergeSchema || first.files().isEmpty()) {
      return null;
    }
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(root); // throws for a glob pattern, which Spark expands itself
      Path file = first.files().get(0);
      Path folder = status.isDirectory() ? status.getPath() : status.getPath().getParent();
      if (!folder.equals(file.getParent()) || !inOneFolder(first.files(), folder)
          || fs.exists(new Path(folder, "_common_metadata")) || fs.exists(new Path(folder, "_metadata"))) {
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

  private static boolean inOneFolder(List<Path> files, Path folder) {
    return files.stream().allMatch(f -> folder.equals(f.getParent()));
  }
}
