package dev.unroll.spark.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.StructType;

/**
 * One Parquet file of a write task: float columns written a page at a time ({@link FloatPages}), the
 * others a value at a time into parquet-mr's column writers (no record-consumer state machine per
 * value). The schema and the footer's metadata come from Spark's own {@link ParquetWriteSupport},
 * initialised from the same configuration, so readers see the file as one Spark wrote; row groups are
 * cut as parquet-mr cuts them (by buffered size, checked at row counts that adapt to the row size, and
 * by row count).
 *
 * <p>The float pages go into the row group's page store beside the other columns' chunks; parquet-mr's
 * column write store holds the other columns only, and the row group's size counts both.
 */
final class DirectOutputWriter extends OutputWriter {
  private final String path;
  private final ParquetWriteSupport support = new ParquetWriteSupport();
  private final ParquetFileWriter file;
  private final MessageType schema;
  private final Map<String, String> metadata;
  private final ParquetProperties props;
  private final CompressionCodecFactory codecs;
  private final CompressionCodecFactory.BytesInputCompressor compressor;
  private final FieldWriter[] fields;
  /** The fields that write their own pages. */
  private final FieldWriter[] paged;
  /** The schema of the fields written value by value, or null when every field writes its own pages. */
  private final MessageType perValueSchema;
  private final long rowGroupBytes;
  private final int rowGroupRows;

  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private long rows;
  /** The limit for the current row group: smaller than the configured one where padding would not fit. */
  private long nextRowGroupBytes;
  private long nextSizeCheck;
  private boolean closed;
  /** A write failed part way through a row: the row group cannot be finished. */
  private boolean failed;

  DirectOutputWriter(String path, StructType dataSchema, Configuration conf) {
    this.path = path;
    WriteSupport.WriteContext context = support.init(conf);
    this.schema = context.getSchema();
    this.metadata = new HashMap<>(context.getExtraMetaData());
    this.props = WriterProperties.from(conf);
    this.rowGroupBytes = ParquetOutputFormat.getLongBlockSize(conf);
    this.nextRowGroupBytes = rowGroupBytes;
    this.rowGroupRows = WriterProperties.rowGroupRowLimit(conf);
    this.fields = FieldWriter.of(dataSchema, schema.getColumns(), props,
        conf.getBoolean(DirectParquetFormat.FLOAT_PAGES, true));
    List<FieldWriter> own = new ArrayList<>();
    List<Type> perValue = new ArrayList<>();
    for (FieldWriter f : fields) {
      if (f.perValue()) {
        perValue.add(schema.getType(f.ordinal));
      } else {
        own.add(f);
      }
    }
    this.paged = own.toArray(new FieldWriter[0]);
    this.perValueSchema = perValue.isEmpty() ? null : new MessageType(schema.getName(), perValue);
    CompressionCodecName codec = ParquetOutputFormat.getCompression(conf);
    this.codecs = new CodecFactory(conf, props.getPageSizeThreshold());
    this.compressor = codec == CompressionCodecName.SNAPPY ? new SnappyPages(props.getPageSizeThreshold())
        : codecs.getCompressor(codec);
    try {
      this.file = new ParquetFileWriter(HadoopOutputFile.fromPath(new Path(path), conf), schema,
          ParquetFileWriter.Mode.CREATE, rowGroupBytes, WriterProperties.maxPadding(conf), null, props);
      file.start();
    } catch (IOException e) {
      codecs.release();
      throw new UncheckedIOException("cannot start the Parquet file " + path + ": " + e.getMessage(), e);
    }
    startRowGroup();
  }

  @Override
  public void write(InternalRow row) {
    try {
      for (FieldWriter f : fields) {
        f.write(row);
      }
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
    if (columns != null) {
      columns.endRecord(); // where parquet-mr checks its page sizes
    }
    rows++;
    if (rows >= rowGroupRows) {
      endRowGroup();
    } else if (rows >= nextSizeCheck) {
      checkRowGroupSize();
    }
  }

  /**
   * Cuts the row group when its buffered bytes come within two rows of the limit; otherwise checks
   * again halfway to where the limit is expected. The arithmetic is parquet-mr's own (its record
   * writer's), so both writers cut a file's row groups after the same rows.
   */
  private void checkRowGroupSize() {
    long buffered = columns == null ? 0 : columns.getBufferedSize();
    for (FieldWriter f : paged) {
      buffered += f.bufferedBytes();
    }
    long perRow = buffered / rows;
    if (buffered > nextRowGroupBytes - 2 * perRow) {
      endRowGroup();
    } else {
      nextSizeCheck = Math.min(
          Math.max(props.getMinRowCountForPageSizeCheck(), (rows + (long) (nextRowGroupBytes / (float) perRow)) / 2),
          rows + props.getMaxRowCountForPageSizeCheck());
    }
  }

  private void startRowGroup() {
    pages = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
        props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
    // the page store holds every column's chunk, in the file's column order; the write store only the per-value ones
    columns = perValueSchema == null ? null : props.newColumnWriteStore(perValueSchema, pages, pages);
    for (FieldWriter f : fields) {
      f.bind(columns, pages);
    }
    rows = 0;
    nextSizeCheck = props.getMinRowCountForPageSizeCheck();
  }

  private void endRowGroup() {
    flushRowGroup();
    startRowGroup();
  }

  private void flushRowGroup() {
    try {
      if (rows > 0) {
        file.startBlock(rows);
        if (columns != null) {
          columns.flush();
        }
        for (FieldWriter f : paged) {
          f.flush();
        }
        pages.flushToFileWriter(file);
        file.endBlock();
        nextRowGroupBytes = Math.min(file.getNextRowGroupSize(), rowGroupBytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a row group of " + path + ": " + e.getMessage(), e);
    } finally {
      release();
    }
  }

  private void release() {
    if (columns != null) {
      columns.close();
    }
    pages.close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failed) {
        // the task fails and its commit protocol deletes the file; only release what it holds
        release();
        file.close();
        return;
      }
      flushRowGroup();
      // the footer's key-value metadata, as parquet-mr's record writer completes it
      String model = support.getName();
      if (model != null) {
        metadata.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, model);
      }
      metadata.putAll(support.finalizeWrite().getExtraMetaData());
      file.end(metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the Parquet file " + path + ": " + e.getMessage(), e);
    } finally {
      codecs.release();
      if (compressor instanceof SnappyPages snappy) {
        snappy.release(); // its buffers to the next file (the codec factory's compressors go with the factory)
      }
      for (FieldWriter f : fields) {
        f.returnBuffers();
      }
    }
  }

  @Override
  public String path() {
    return path;
  }
}
