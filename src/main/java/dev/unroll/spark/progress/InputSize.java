package dev.unroll.spark.progress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Measures the input in the background, so the first progress line does not wait for it: the rows of
 * Parquet and ORC files from their footers (metadata only: the file's tail), the bytes of any files from
 * the file system; a few files at a time, as each one is a round trip to the store.
 */
final class InputSize implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(InputSize.class);
  /** Files measured at once: footer reads wait on the store (an S3 GET is ~20-50 ms), not on a core. */
  private static final int THREADS = 8;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
    Thread t = new Thread(task, "unroll-input-size");
    t.setDaemon(true);
    return t;
  });
  private final CompletableFuture<InputTotal> total;

  /**
   * Starts measuring the input's rows (Parquet, ORC) and bytes.
   *
   * @param files the data files, listed by Spark's own reader (nothing for a source that is not files)
   */
  InputSize(Configuration hadoop, Supplier<String[]> files, String format) {
    total = CompletableFuture
        .supplyAsync(files::get, pool)
        .thenCompose(paths -> sum(Arrays.stream(paths)
            .map(p -> CompletableFuture.supplyAsync(() -> measure(hadoop, new Path(p), format), pool))
            .toList()))
        .exceptionally(e -> InputTotal.UNKNOWN);
    total.whenComplete((t, e) -> pool.shutdown());
  }

  /** The total once measured, else {@link InputTotal#UNKNOWN}. */
  InputTotal now() {
    return total.getNow(InputTotal.UNKNOWN);
  }

  /** Stops measuring (a job shorter than the measuring has no more use for it). */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static CompletableFuture<InputTotal> sum(List<CompletableFuture<InputTotal>> parts) {
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
      if (parts.isEmpty()) {
        return InputTotal.UNKNOWN;
      }
      List<InputTotal> each = new ArrayList<>();
      parts.forEach(p -> each.add(p.join()));
      boolean rowsKnown = each.stream().allMatch(t -> t.rows() >= 0);
      boolean bytesKnown = each.stream().allMatch(t -> t.bytes() >= 0);
      return new InputTotal(rowsKnown ? each.stream().mapToLong(InputTotal::rows).sum() : -1,
          bytesKnown ? each.stream().mapToLong(InputTotal::bytes).sum() : -1);
    });
  }

  /** One file's rows (-1 unless Parquet or ORC) and bytes; -1 for both when it cannot be read. */
  private static InputTotal measure(Configuration hadoop, Path file, String format) {
    try {
      if (format.equals("parquet")) {
        HadoopInputFile in = HadoopInputFile.fromPath(file, hadoop);
        try (ParquetFileReader reader = ParquetFileReader.open(in, HadoopReadOptions.builder(hadoop).build())) {
          return new InputTotal(reader.getRecordCount(), in.getLength());
        }
      }
      if (format.equals("orc")) {
        try (Reader reader = OrcFile.createReader(file, OrcFile.readerOptions(hadoop))) {
          return new InputTotal(reader.getNumberOfRows(), reader.getContentLength());
        }
      }
      return new InputTotal(-1, file.getFileSystem(hadoop).getFileStatus(file).getLen());
    } catch (IOException | RuntimeException e) {
      // the job's own read of this file will say what is wrong with it; progress goes without a total
      LOG.debug("cannot measure {}: {}", file, e.toString());
      return InputTotal.UNKNOWN;
    }
  }
}
