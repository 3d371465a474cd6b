package dev.unroll.spark.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 */
final class SnappyPages implements CompressionCodecFactory.BytesInputCompressor {
  private final Gathered page;
  private byte[] compressed;

  /** For pages of about {@code pageBytes} (the writer's page size): buffers sized for them up front. */
  SnappyPages(int pageBytes) {
    page = new Gathered(pageBytes);
    compressed = new byte[Snappy.maxCompressedLength(pageBytes)];
  }

  @Override
  public BytesInput compress(BytesInput bytes) throws IOException {
    page.reset();
    bytes.writeAllTo(page);
    int max = Snappy.maxCompressedLength(page.size());
    if (compressed.length < max) {
      compressed = new byte[max];
    }
    int n = Snappy.compress(page.bytes(), 0, page.size(), compressed, 0);
    return BytesInput.from(compressed, 0, n);
  }

  @Override
  public CompressionCodecName getCodecName() {
    return CompressionCodecName.SNAPPY;
  }

  /** The buffers are the garbage collector's. */
  @Override
  public void release() {}

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
