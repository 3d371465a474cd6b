package dev.unroll.spark.read;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Whether one file's footer is one this reader reads exactly as Spark's vectorized reader does: every
 * requested column found with a {@link ColumnShape}, and every chunk of the row groups to read encoded
 * only in ways {@link PageCursor} decodes. Otherwise {@link #reason()} says why and the file goes to Spark.
 */
final class FileCheck {
  // PLAIN_DICTIONARY and BIT_PACKED are deprecated in parquet-mr's API, yet its version 1 writer (Spark's
  // default) still writes them
  @SuppressWarnings("deprecation")
  private static final Set<Encoding> VALUES = EnumSet.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
  @SuppressWarnings("deprecation")
  private static final Encoding BIT_PACKED = Encoding.BIT_PACKED;

  final ColumnShape[] shapes;
  final ColumnDescriptor[] descriptors;
  /** The file's top-level fields that hold the requested columns, the schema to read. */
  final MessageType requested;
  private final String reason;

  private FileCheck(ColumnShape[] shapes, ColumnDescriptor[] descriptors, MessageType requested, String reason) {
    this.shapes = shapes;
    this.descriptors = descriptors;
    this.requested = requested;
    this.reason = reason;
  }

  static FileCheck of(StructType requested, MessageType file, List<BlockMetaData> rowGroups, boolean caseSensitive) {
    StructField[] fields = requested.fields();
    ColumnShape[] shapes = new ColumnShape[fields.length];
    ColumnDescriptor[] descriptors = new ColumnDescriptor[fields.length];
    StringBuilder why = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      shapes[i] = ColumnShape.check(fields[i], file, caseSensitive, why);
      if (shapes[i] == null) {
        return new FileCheck(null, null, null, why.toString());
      }
      descriptors[i] = file.getColumnDescription(shapes[i].path());
      if (descriptors[i].getMaxDefinitionLevel() != shapes[i].maxDef()
          || descriptors[i].getMaxRepetitionLevel() != shapes[i].depth()) {
        return new FileCheck(null, null, null, "column '" + fields[i].name() + "' has levels this reader did not expect");
      }
    }
    for (BlockMetaData group : rowGroups) {
      for (int i = 0; i < fields.length; i++) {
        ColumnChunkMetaData chunk = chunk(group, descriptors[i]);
        if (chunk == null) {
          return new FileCheck(null, null, null, "a row group has no chunk of column '" + fields[i].name() + "'");
        }
        // parquet-mr lists BIT_PACKED as the nominal encoding of levels whose maximum is 0 (none are written);
        // a page whose non-zero levels are really bit-packed (no writer of the last decade) fails in PageCursor
        boolean nominal = descriptors[i].getMaxDefinitionLevel() == 0 || descriptors[i].getMaxRepetitionLevel() == 0;
        for (Encoding e : chunk.getEncodings()) {
          if (!VALUES.contains(e) && e != Encoding.RLE && !(e == BIT_PACKED && nominal)) {
            return new FileCheck(null, null, null, "column '" + fields[i].name() + "' has pages encoded " + e);
          }
        }
      }
    }
    List<Type> top = new ArrayList<>();
    for (ColumnShape shape : shapes) {
      top.add(file.getType(shape.path()[0]));
    }
    return new FileCheck(shapes, descriptors, new MessageType(file.getName(), top), null);
  }

  /** Null when the file is read by this reader, else why not. */
  String reason() {
    return reason;
  }

  private static ColumnChunkMetaData chunk(BlockMetaData group, ColumnDescriptor column) {
    ColumnPath path = ColumnPath.get(column.getPath());
    for (ColumnChunkMetaData c : group.getColumns()) {
      if (c.getPath().equals(path)) {
        return c;
      }
    }
    return null;
  }
}
