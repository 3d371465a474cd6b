package dev.unroll.spark.parquet;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The heap buffers a row group's compressed pages are collected in until the row group goes to the
 * file, handed back when it has and kept for the next one, in one pool the writing tasks share.
 * parquet-mr's page store copies each page into a buffer of its own from the allocator it is given; a
 * page of the default 1 MB is over half a G1 region at {@code -Xmx1g}, so each was allocated straight
 * into the old generation (0.5 GB of them in a 1M-row job's flight recording), and each such allocation
 * may start a young pause and a marking cycle.
 */
final class PageSlabs implements ByteBufferAllocator {
  static final PageSlabs POOL = new PageSlabs();

  /** The most bytes of free buffers kept: a row group of a few tasks' files. */
  private static final long KEPT_BYTES = 64L << 20;
  /** New buffers are rounded up to this, so that a buffer fits the next pages of about the same size. */
  private static final int GRAIN = 64 << 10;

  private final ConcurrentLinkedDeque<ByteBuffer> free = new ConcurrentLinkedDeque<>();
  private final AtomicLong freeBytes = new AtomicLong();

  private PageSlabs() {}

  @Override
  public ByteBuffer allocate(int size) {
    for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
      ByteBuffer b = it.next();
      // not one twice the size: a small page would hold a large buffer while large pages make new ones
      if (b.capacity() >= size && b.capacity() / 2 < Math.max(size, GRAIN) && free.remove(b)) {
        freeBytes.addAndGet(-b.capacity());
        b.clear().limit(size);
        return b;
      }
    }
    long rounded = ((long) size + GRAIN - 1) / GRAIN * GRAIN;
    return ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, rounded)).limit(size);
  }

  @Override
  public void release(ByteBuffer b) {
    if (b.isDirect()) {
      return;
    }
    if (freeBytes.addAndGet(b.capacity()) <= KEPT_BYTES) {
      free.addFirst(b);
    } else {
      freeBytes.addAndGet(-b.capacity());
    }
  }

  @Override
  public boolean isDirect() {
    return false;
  }
}
