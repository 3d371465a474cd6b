package dev.unroll.spark.plan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The sizes pre-flight's width check looks at, read on the driver from the first rows of the input's
 * Parquet files with parquet-mr rather than by a Spark job: the job is a query planned, compiled and run
 * before the scoring job can start, about a second of a cold run. Only the sequence column's repetition
 * and definition levels are decoded, never its values. A sequence is a list of numbers ({@code FLAT},
 * one repeated level) or a list of lists ({@code NESTED}, two; the size is the first step's, as Spark's
 * {@code size(get(sequence, 0))}). Any other shape, or any failure to read, gives null: the caller then
 * runs the Spark job, which reads what Spark reads.
 */
final class ParquetSample {
  private static final Logger LOG = LogManager.getLogger(ParquetSample.class);

  private ParquetSample() {}

  /** Rows read and the positive sizes among them (null and empty sequences are left out). */
  record Sizes(int rows, List<Integer> sizes) {}

  /** Never asked for a value: the levels say everything the check needs. */
  private static final PrimitiveConverter LEVELS_ONLY = new PrimitiveConverter() {};

  /**
   * The first {@code limit} rows of {@code files} (read in order), or null when they are not plain
   * Parquet lists of {@code depth} levels, or when they hold fewer rows and {@code all} says more files
   * follow.
   */
  static Sizes read(Configuration conf, List<Path> files, boolean all, String column, int depth, int limit) {
    Walk walk = new Walk(depth, limit);
    try {
      for (Path file : files) {
        if (walk.rows >= limit) {
          break;
        }
        if (!readFile(conf, file, column, walk)) {
          return null;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("pre-flight sample: {} not read on the driver, Spark reads it: {}", files, e.toString());
      return null;
    }
    return walk.rows < limit && !all ? null : new Sizes(walk.rows, walk.sizes);
  }

  private static boolean readFile(Configuration conf, Path file, String column, Walk walk) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf),
        HadoopReadOptions.builder(conf).build())) {
      MessageType schema = reader.getFileMetaData().getSchema();
      Type top = topField(schema, column);
      if (top == null || top.isPrimitive()) {
        return false;
      }
      List<ColumnDescriptor> leaves = new MessageType(schema.getName(), top).getColumns();
      if (leaves.size() != 1) {
        return false;
      }
      ColumnDescriptor leaf = leaves.get(0);
      int[] repeated = repeatedDefinitionLevels(schema, leaf.getPath());
      if (repeated.length != walk.depth) {
        return false;
      }
      reader.setRequestedSchema(new MessageType(schema.getName(), top));
      VersionParser.ParsedVersion writer = writer(reader.getFileMetaData().getCreatedBy());
      PageReadStore group;
      while (walk.rows < walk.limit && (group = reader.readNextRowGroup()) != null) {
        PageReader pages = group.getPageReader(leaf);
        long entries = pages.getTotalValueCount();
        walk.rowGroup(new ColumnReaderImpl(leaf, pages, LEVELS_ONLY, writer), entries, repeated,
            leaf.getMaxDefinitionLevel());
      }
      return true;
    }
  }

  /** The top-level field of that name; else the only one equal to it ignoring case, as Spark resolves it. */
  private static Type topField(MessageType schema, String column) {
    if (schema.containsField(column)) {
      return schema.getType(column);
    }
    List<Type> matches = schema.getFields().stream().filter(f -> f.getName().equalsIgnoreCase(column)).toList();
    return matches.size() == 1 ? matches.get(0) : null;
  }

  /** The definition level at which each repeated field on the leaf's path holds an element, outermost first. */
  private static int[] repeatedDefinitionLevels(MessageType schema, String[] path) {
    List<Integer> levels = new ArrayList<>();
    for (int n = 1; n <= path.length; n++) {
      String[] prefix = Arrays.copyOf(path, n);
      if (schema.getType(prefix).isRepetition(Type.Repetition.REPEATED)) {
        levels.add(schema.getMaxDefinitionLevel(prefix));
      }
    }
    return levels.stream().mapToInt(Integer::intValue).toArray();
  }

  private static VersionParser.ParsedVersion writer(String createdBy) {
    try {
      return createdBy == null ? null : VersionParser.parse(createdBy);
    } catch (VersionParser.VersionParseException | RuntimeException e) {
      return null; // as parquet-mr's own readers do with a writer string they cannot parse
    }
  }

  /** Rows and sizes across row groups and files. */
  private static final class Walk {
    final int depth;
    final int limit;
    final List<Integer> sizes = new ArrayList<>();
    int rows;

    Walk(int depth, int limit) {
      this.depth = depth;
      this.limit = limit;
    }

    /**
     * Counts one row group's rows until the limit. An entry with repetition level 0 starts a row, 1 a
     * new step (nested); an entry is an element of the innermost counted list when its definition level
     * reaches that list's repeated field.
     */
    void rowGroup(ColumnReader levels, long entries, int[] repeated, int maxDefinition) {
      int counted = repeated[repeated.length - 1];
      int size = 0;
      boolean firstStep = false;
      boolean inRow = false;
      for (long i = 0; i < entries; i++) {
        int rep = levels.getCurrentRepetitionLevel();
        int def = levels.getCurrentDefinitionLevel();
        if (rep == 0) {
          if (inRow) {
            endRow(size);
          }
          if (rows == limit) {
            return;
          }
          inRow = true;
          firstStep = true;
          size = 0;
        } else if (rep == 1) {
          firstStep = false; // nested: the first step's list has ended (flat: rep 1 is the next element)
        }
        if (def >= counted && (depth == 1 || firstStep)) {
          size++;
        }
        if (def == maxDefinition) {
          levels.skip();
        }
        levels.consume();
      }
      if (inRow) {
        endRow(size);
      }
    }

    private void endRow(int size) {
      rows++;
      if (size > 0) {
        sizes.add(size);
      }
    }
  }
}
