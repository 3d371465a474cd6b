package dev.unroll.spark.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.executor.InputMetrics;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function0;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;

/**
 * A Parquet scan's column batches read by unroll's reader: the scan's own partitions (its
 * {@link FilePartition}s), each file read by {@link FileBatches} when it can give exactly the batches
 * Spark's vectorized reader gives, and otherwise by the scan itself, that file alone. Reports the
 * records and bytes read in the task's input metrics, as the scan does.
 */
public final class ParquetBatchRDD extends RDD<ColumnarBatch> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LogManager.getLogger(ParquetBatchRDD.class);
  /** Whether this JVM has logged a file handed to Spark at INFO (the rest go to DEBUG). */
  private static final AtomicBoolean LOGGED = new AtomicBoolean();
  private final RDD<ColumnarBatch> scan;
  private final Broadcast<SerializableConfiguration> conf;
  private final StructType requested;
  private final boolean caseSensitive;
  private final int batchSize;

  /**
   * Over {@code scan} (the scan's {@code executeColumnar()}, whose partitions are {@link FilePartition}s
   * and whose batches hold {@code requested}'s columns).
   */
  public ParquetBatchRDD(RDD<ColumnarBatch> scan, Broadcast<SerializableConfiguration> conf, StructType requested,
      boolean caseSensitive, int batchSize) {
    super(scan, ClassTag$.MODULE$.apply(ColumnarBatch.class));
    this.scan = scan;
    this.conf = conf;
    this.requested = requested;
    this.caseSensitive = caseSensitive;
    this.batchSize = batchSize;
  }

  @Override
  public Partition[] getPartitions() {
    return scan.partitions();
  }

  @Override
  public scala.collection.immutable.Seq<String> getPreferredLocations(Partition split) {
    return scan.preferredLocations(split);
  }

  @Override
  public Iterator<ColumnarBatch> compute(Partition split, TaskContext context) {
    if (!(split instanceof FilePartition files)) {
      return scan.iterator(split, context);
    }
    Batches batches = new Batches(files, context);
    context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> batches.closeFile());
    return batches;
  }

  /**
   * A batch's vectors handed from one task to the next: a task's vectors grow from the batch's rows to
   * its longest sequences' elements, and each task used to grow its own (1.3-1.6 GB of a 1M-row job's
   * 10 GB allocated, in a flight recording). Parked in a pool the task threads share, as the scoring's
   * buffers are ({@code PartitionBuffers}): a task makes new vectors only when every parked batch is in
   * use, so the pool holds at most as many as tasks ran at once. A task that reads other columns gets its
   * own, and the one it took is dropped. The reader's {@link ReadScratch} goes with the batch.
   */
  private record ParkedBatch(StructType schema, int rows, ColumnarBatch batch, ReadScratch scratch) {
    private static final Deque<ParkedBatch> PARKED = new ConcurrentLinkedDeque<>();

    static ParkedBatch take(StructType schema, int rows) {
      ParkedBatch parked = PARKED.pollFirst();
      if (parked != null && parked.rows == rows && parked.schema.equals(schema)) {
        return parked;
      }
      return new ParkedBatch(schema, rows, new ColumnarBatch(OnHeapColumnVector.allocateColumns(rows, schema)),
          new ReadScratch());
    }

    void park() {
      PARKED.addFirst(this);
    }
  }

  /** A partition's batches, file by file. */
  private final class Batches extends AbstractIterator<ColumnarBatch> {
    private final FilePartition partition;
    private final TaskContext context;
    private final InputMetrics metrics;
    private ColumnarBatch batch;
    private ReadScratch scratch;
    private int nextFile;
    private FileBatches file;
    private Function0<Object> bytesRead;
    private long bytesReported;
    private Iterator<ColumnarBatch> delegated;
    private ColumnarBatch pending;

    Batches(FilePartition partition, TaskContext context) {
      this.partition = partition;
      this.context = context;
      this.metrics = context.taskMetrics().inputMetrics();
    }

    @Override
    public boolean hasNext() {
      while (pending == null) {
        if (delegated != null) {
          if (delegated.hasNext()) {
            // the scan counts what it reads itself
            return true;
          }
          delegated = null;
        } else if (file != null) {
          pending = file.next();
          if (pending == null) {
            closeFile();
          } else {
            metrics.incRecordsRead(pending.numRows());
            reportBytes();
          }
        } else if (nextFile < partition.files().length) {
          open(partition.files()[nextFile++]);
        } else {
          return false;
        }
      }
      return true;
    }

    @Override
    public ColumnarBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (delegated != null) {
        return delegated.next();
      }
      ColumnarBatch b = pending;
      pending = null;
      return b;
    }

    private void open(PartitionedFile f) {
      if (batch == null) {
        ParkedBatch parked = ParkedBatch.take(requested, batchSize);
        batch = parked.batch();
        scratch = parked.scratch();
        // Spark calls the last listener first: the file is closed (its buffers back in the scratch) before
        // another task can take them
        context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> {
          closeFile();
          parked.park();
        });
      }
      StringBuilder why = new StringBuilder();
      try {
        bytesRead = SparkHadoopUtil.get().getFSBytesReadOnThreadCallback();
        bytesReported = 0;
        file = FileBatches.open(conf.value().value(), f.toPath(), f.start(), f.length(), requested, caseSensitive,
            batch, batchSize, scratch, why);
      } catch (IOException e) {
        throw new UncheckedIOException("opening " + f.toPath(), e);
      }
      if (file == null) {
        String message = "reading {} with Spark's Parquet reader: {}";
        if (LOGGED.compareAndSet(false, true)) {
          LOG.info(message, f.toPath(), why);
        } else {
          LOG.debug(message, f.toPath(), why);
        }
        delegated = scan.iterator(new FilePartition(partition.index(), new PartitionedFile[] {f}), context);
      }
    }

    private void reportBytes() {
      long now = (Long) bytesRead.apply();
      metrics.incBytesRead(now - bytesReported);
      bytesReported = now;
    }

    void closeFile() {
      if (file != null) {
        reportBytes();
        try {
          file.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          file = null;
        }
      }
    }
  }
}
