package dev.unroll.spark.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopCodecs;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The column batches of one split of one Parquet file: the row groups whose midpoint lies in the split
 * (parquet-mr's range filter, which Spark's reader uses too), each cut into batches of at most
 * the batch's capacity, as Spark cuts them. The caller's batch and its vectors are filled again for each
 * batch, as Spark reuses its own.
 */
final class FileBatches implements Closeable {
  private final ParquetFileReader reader;
  private final FileCheck check;
  private final String file;
  private final int batchSize;
  private final ColumnarBatch batch;
  private final WritableColumnVector[] vectors;
  private final ReadScratch scratch;
  private ColumnAssembler[] columns;
  private long rowsLeft;

  private FileBatches(ParquetFileReader reader, FileCheck check, String file, ColumnarBatch batch, int batchSize,
      ReadScratch scratch) {
    this.reader = reader;
    this.scratch = scratch;
    this.check = check;
    this.file = file;
    this.batch = batch;
    this.vectors = new WritableColumnVector[batch.numCols()];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = (WritableColumnVector) batch.column(i);
    }
    this.batchSize = batchSize;
  }

  /**
   * Opens {@code path}'s split, to fill {@code batch} (vectors of {@code batchSize} rows) by way of
   * {@code scratch}'s buffers; when the file is not one this reader reads exactly, closes it and
   * returns null with the reason in {@code why}.
   */
  static FileBatches open(Configuration conf, Path path, long start, long length, StructType requested,
      boolean caseSensitive, ColumnarBatch batch, int batchSize, ReadScratch scratch, StringBuilder why)
      throws IOException {
    ParquetReadOptions options = HadoopReadOptions.builder(conf, path).withRange(start, start + length)
        .withCodecFactory(new PageCodecs(HadoopCodecs.newFactory(conf, 0), scratch)).withAllocator(scratch).build();
    ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf), options);
    try {
      FileCheck check = FileCheck.of(requested, reader.getFooter().getFileMetaData().getSchema(),
          reader.getRowGroups(), caseSensitive);
      if (check.reason() != null) {
        why.append(check.reason());
        reader.close();
        return null;
      }
      reader.setRequestedSchema(check.requested);
      return new FileBatches(reader, check, path.toString(), batch, batchSize, scratch);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The next batch, or null after the last; the returned batch is overwritten by the next call. */
  ColumnarBatch next() {
    try {
      if (rowsLeft == 0 && !nextRowGroup()) {
        return null;
      }
      int rows = (int) Math.min(batchSize, rowsLeft);
      for (int i = 0; i < vectors.length; i++) {
        vectors[i].reset();
        columns[i].read(rows);
      }
      batch.setNumRows(rows);
      rowsLeft -= rows;
      return batch;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("reading " + file + ": " + e.getMessage(), e);
    }
  }

  private boolean nextRowGroup() throws IOException {
    PageReadStore group;
    do {
      scratch.startRowGroup();
      group = reader.readNextRowGroup();
      if (group == null) {
        return false;
      }
    } while (group.getRowCount() == 0);
    rowsLeft = group.getRowCount();
    columns = new ColumnAssembler[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      PageCursor cursor = new PageCursor(group.getPageReader(check.descriptors[i]), check.shapes[i],
          check.descriptors[i].getMaxRepetitionLevel(), String.join(".", check.shapes[i].path()), scratch.levels(i));
      columns[i] = new ColumnAssembler(check.shapes[i], cursor, vectors[i]);
    }
    return true;
  }

  /** Closes the file; the batch is the caller's, reused for its next file. */
  @Override
  public void close() throws IOException {
    reader.close();
    scratch.startRowGroup();
  }
}
