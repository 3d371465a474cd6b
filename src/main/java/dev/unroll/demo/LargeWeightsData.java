package dev.unroll.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the large-weights run's inputs ({@code jobs/large-weights.sh}): {@code embedding.npy}, a float32
 * {@code [VOCAB, DIM]} table (1.2M x 512 is 2.46 GB, more than one Java array or broadcast byte[] holds),
 * {@code lstm-DIM-UNITS.npz}, a TF v1 BasicLSTMCell over it, and {@code input/}, Parquet with {@code id}
 * and {@code token_ids array<bigint>} of 1 to 20 ids spread over the whole table. Values come from
 * hashes, so every run writes the same bytes; existing files are kept.
 *
 * <p>Usage: {@code LargeWeightsData DIR [VOCAB [DIM [UNITS [ROWS]]]]}.
 */
public final class LargeWeightsData {
  /** Rows written per buffer: 16 MB at 512 floats a row. */
  private static final int ROWS_PER_WRITE = 8192;

  private LargeWeightsData() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 1_200_000;
    int dim = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    int units = args.length > 3 ? Integer.parseInt(args[3]) : 128;
    long rows = args.length > 4 ? Long.parseLong(args[4]) : 100_000L;
    Files.createDirectories(dir);
    Path table = dir.resolve("embedding.npy");
    if (!Files.exists(table) || Files.size(table) != NpzWriter.npyHeader(vocab, dim).length + 4L * vocab * dim) {
      writeTable(table, vocab, dim);
    }
    Files.write(dir.resolve("lstm-" + dim + "-" + units + ".npz"), TfLstmWeights.npz(7L, dim, units));
    if (Files.exists(dir.resolve("input").resolve("_SUCCESS"))) {
      return;
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("unroll large-weights data")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.range(0, rows, 1, 4)
        .select(col("id"), expr("transform(sequence(1, 1 + pmod(hash(id), 20)), t -> cast(pmod(hash(id, t), "
            + vocab + ") as bigint))").as("token_ids"))
        .write().mode("overwrite").parquet(dir.resolve("input").toString());
    spark.stop();
  }

  /** The table row by row, in buffers, so the writer never holds it: values in [-0.5, 0.5). */
  private static void writeTable(Path file, int vocab, int dim) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(ROWS_PER_WRITE * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(NpzWriter.npyHeader(vocab, dim)));
      for (int row = 0; row < vocab; ) {
        buffer.clear();
        int end = Math.min(vocab, row + ROWS_PER_WRITE);
        for (; row < end; row++) {
          for (int k = 0; k < dim; k++) {
            long h = (row * 0x9E3779B97F4A7C15L) ^ (k * 0xC2B2AE3D27D4EB4FL);
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            buffer.putFloat(((h >>> 40) / (float) (1L << 24)) - 0.5f);
          }
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
    }
  }
}
