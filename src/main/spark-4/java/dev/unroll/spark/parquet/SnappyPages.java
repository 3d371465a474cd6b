package dev.unroll.spark.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Snappy for one file's pages: each page's bytes gathered into one reused buffer and compressed by
 * snappy-java into another, the bytes parquet-mr's own snappy codec writes. Its codec streams the page
 * through a stream buffer, a direct input and a direct output buffer into an output stream, which the
 * page writer then copies out again; in a flight recording of a 1M-row job those copies allocated
 * about 1 GB. The compressed bytes hold until the next page, as parquet-mr's compressors' do: its page
 * writer uses or copies them at once.
 *
 * <p>The two buffers go back to a pool the writing tasks share when the file is done ({@link #release}),
 * for the next file: each is about a page, over half a G1 region at {@code -Xmx1g}, which the JVM
 * allocates straight into the old generation (0.3 GB of them for the 80 files of a 1M-row job).
 */
final class SnappyPages implements CompressionCodecFactory.BytesInputCompressor {
  private static final Deque<Buffers> POOL = new ConcurrentLinkedDeque<>();
  /** The most buffer pairs kept: more than the writing tasks of one executor. */
  private static final int KEPT = 16;

  private final Buffers buffers;
  private boolean released;

  /** For pages of about {@code pageBytes} (the writer's page size). */
  SnappyPages(int pageBytes) {
    Buffers pooled = POOL.pollFirst();
    buffers = pooled != null ? pooled : new Buffers(pageBytes);
  }

  @Override
  public BytesInput compress(BytesInput bytes) throws IOException {
    Gathered page = buffers.page;
    page.reset();
    bytes.writeAllTo(page);
    int max = Snappy.maxCompressedLength(page.size());
    if (buffers.compressed.length < max) {
      buffers.compressed = new byte[max];
    }
    int n = Snappy.compress(page.bytes(), 0, page.size(), buffers.compressed, 0);
    return BytesInput.from(buffers.compressed, 0, n);
  }

  @Override
  public CompressionCodecName getCodecName() {
    return CompressionCodecName.SNAPPY;
  }

  /** Gives the buffers to the next file; the last compressed page must have been written out. */
  @Override
  public void release() {
    if (!released && POOL.size() < KEPT) {
      POOL.addFirst(buffers);
    }
    released = true;
  }

  /** A page's bytes and its compressed bytes, both grown to the largest page seen. */
  private static final class Buffers {
    final Gathered page;
    byte[] compressed;

    Buffers(int pageBytes) {
      // a page is its values (about pageBytes) and its levels
      page = new Gathered(pageBytes + pageBytes / 4);
      compressed = new byte[Snappy.maxCompressedLength(pageBytes)];
    }
  }

  /** An output stream whose buffer is read in place. */
  private static final class Gathered extends ByteArrayOutputStream {
    Gathered(int size) {
      super(size);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
