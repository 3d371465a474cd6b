package dev.unroll.spark.read;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The buffers a file reader reads and decodes into, kept from one row group to the next and, handed
 * on with the reader's batch, from one task to the next: the column chunks' bytes as read from the
 * file, each chunk's decompressed page and each column's decoded levels. Made afresh for every chunk,
 * they were most of a 1M-row job's objects over half a G1 region (0.5 MB at {@code -Xmx1g}): 1.3 GB of
 * chunk bytes, 0.6 GB of levels and 0.3 GB of pages in a flight recording, each allocated straight into
 * the old generation and each a reason for G1 to start a young pause and a marking cycle.
 *
 * <p>One reader uses it at a time. A row group's buffers are handed out while it is read and come back
 * together when the next one starts ({@link #startRowGroup}): by then nothing of the last one is read.
 */
public final class ReadScratch implements ByteBufferAllocator {
  /** Chunk buffers kept for reuse at most: a row group's columns, read as one or a few ranges. */
  private static final int KEPT_BUFFERS = 8;

  private final List<ByteBuffer> free = new ArrayList<>();
  private final List<ByteBuffer> lent = new ArrayList<>();
  private final List<PageBuffer> pages = new ArrayList<>();
  private final List<Levels> levels = new ArrayList<>();
  private int nextPage;

  /** A column's decoded levels and dictionary ids; {@link PageCursor} grows them as its pages need. */
  static final class Levels {
    int[] rep = new int[0];
    int[] def = new int[0];
    int[] markAt = new int[0];
    int[] markRep = new int[0];
    int[] ids = new int[0];
  }

  /** The decompressed bytes of one column chunk's current page. */
  static final class PageBuffer {
    byte[] bytes = new byte[0];

    byte[] atLeast(int size) {
      if (bytes.length < size) {
        bytes = new byte[size];
      }
      return bytes;
    }
  }

  /** The levels of column {@code column} of the requested schema. */
  Levels levels(int column) {
    while (levels.size() <= column) {
      levels.add(new Levels());
    }
    return levels.get(column);
  }

  /** A page buffer for the row group's next column chunk: one per chunk, as each chunk keeps its page. */
  PageBuffer nextPageBuffer() {
    if (nextPage == pages.size()) {
      pages.add(new PageBuffer());
    }
    return pages.get(nextPage++);
  }

  /** Takes back the last row group's buffers: call before the reader reads the next one, and at its close. */
  void startRowGroup() {
    nextPage = 0;
    for (ByteBuffer b : lent) {
      if (free.size() < KEPT_BUFFERS) {
        free.add(b);
      }
    }
    lent.clear();
  }

  /** A heap buffer of {@code size} bytes to read a chunk into: a kept one when one is large enough. */
  @Override
  public ByteBuffer allocate(int size) {
    ByteBuffer found = null;
    for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
      ByteBuffer b = it.next();
      if (b.capacity() >= size) {
        it.remove();
        found = b;
        break;
      }
    }
    if (found == null) {
      found = ByteBuffer.allocate(size);
    }
    found.clear().limit(size);
    lent.add(found);
    return found;
  }

  /**
   * Nothing: the scratch takes a row group's buffers back itself ({@link #startRowGroup}), as parquet-mr
   * hands back those of its plain reads but never those of its vectored ones.
   */
  @Override
  public void release(ByteBuffer b) {}

  @Override
  public boolean isDirect() {
    return false;
  }
}
