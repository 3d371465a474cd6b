package dev.unroll.spark.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * The codecs of one file's reader: parquet-mr's, except that snappy pages are decompressed straight
 * into one buffer per column chunk, reused page after page and, kept in {@link ReadScratch}, chunk after
 * chunk. parquet-mr's snappy decompressor copies each compressed page into a direct buffer,
 * decompresses it into another and copies that out into a fresh array; in a flight recording of a
 * 1M-row job those arrays were 1.6 GB of the 10 GB allocated.
 *
 * <p>The reader asks for a decompressor per column chunk, so each chunk gets its own buffer; a page's
 * bytes hold until the chunk's next page is read, which is as long as {@link PageCursor} keeps them.
 */
final class PageCodecs implements CompressionCodecFactory {
  private final CompressionCodecFactory parquet;
  private final ReadScratch scratch;

  PageCodecs(CompressionCodecFactory parquet, ReadScratch scratch) {
    this.parquet = parquet;
    this.scratch = scratch;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return parquet.getCompressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return codec == CompressionCodecName.SNAPPY
        ? new SnappyChunk(scratch.nextPageBuffer())
        : parquet.getDecompressor(codec);
  }

  @Override
  public void release() {
    parquet.release();
  }

  /** One column chunk's snappy pages, each decompressed into the same buffer. */
  private final class SnappyChunk implements BytesInputDecompressor {
    private final ReadScratch.PageBuffer page;

    SnappyChunk(ReadScratch.PageBuffer page) {
      this.page = page;
    }

    // toByteBuffer() is deprecated from parquet-mr 1.15 on; its replacement is missing from the 1.13
    // that the Spark 3.5 lines compile this against
    @SuppressWarnings("deprecation")
    @Override
    public BytesInput decompress(BytesInput compressed, int uncompressedSize) throws IOException {
      ByteBuffer in = compressed.toByteBuffer();
      byte[] from;
      int at;
      if (in.hasArray()) {
        from = in.array();
        at = in.arrayOffset() + in.position();
      } else {
        from = new byte[in.remaining()];
        in.duplicate().get(from);
        at = 0;
      }
      byte[] buffer = page.atLeast(uncompressedSize);
      int n = Snappy.uncompress(from, at, in.remaining(), buffer, 0);
      if (n != uncompressedSize) {
        throw new IOException("a snappy page of " + n + " bytes where its header says " + uncompressedSize);
      }
      return BytesInput.from(buffer, 0, n);
    }

    /** Only called when the reader allocates direct buffers, which this reader does not ask for. */
    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      parquet.getDecompressor(CompressionCodecName.SNAPPY).decompress(input, compressedSize, output, uncompressedSize);
    }

    /** The buffer is the scratch's; parquet-mr's decompressors go with {@link PageCodecs#release}. */
    @Override
    public void release() {}
  }
}
