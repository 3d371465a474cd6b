package dev.unroll.spark.parquet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The heap buffers a row group's compressed pages are collected in until the row group goes to the
 * file, handed back when it has and kept for the next one, in one pool the writing tasks share.
 * parquet-mr's page store copies each page into a buffer of its own from the allocator it is given; a
 * page of the default 1 MB is over half a G1 region at {@code -Xmx1g}, so each was allocated straight
 * into the old generation (0.5 GB of them in a 1M-row job's flight recording), and each such allocation
 * may start a young pause and a marking cycle.
 *
 * <p>The free list is kept by identity under this object's lock. A {@code ByteBuffer} equals any other
 * with the same remaining bytes, so removing one from a collection by {@code equals} can take out a
 * different buffer and leave the one handed out in the list, to be handed out again to another page:
 * two pages in one buffer. A full-suite run on 2026-12-02 read back snappy pages that would not
 * uncompress and wrong floats from this writer's files; {@code PageSlabsTest} fails both ways on the old list.
 */
final class PageSlabs implements ByteBufferAllocator {
  static final PageSlabs POOL = new PageSlabs();

  /** The most bytes of free buffers kept: a row group of a few tasks' files. */
  private static final long KEPT_BYTES = 64L << 20;
  /** New buffers are rounded up to this, so that a buffer fits the next pages of about the same size. */
  private static final int GRAIN = 64 << 10;

  private final List<ByteBuffer> free = new ArrayList<>(); // most recently handed back first
  private long freeBytes;

  PageSlabs() {}

  @Override
  public ByteBuffer allocate(int size) {
    ByteBuffer b = take(size);
    if (b != null) {
      b.clear().limit(size);
      return b;
    }
    long rounded = ((long) size + GRAIN - 1) / GRAIN * GRAIN;
    return ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, rounded)).limit(size);
  }

  /** A free buffer for {@code size} bytes, out of the list, or null. */
  private synchronized ByteBuffer take(int size) {
    for (int i = 0; i < free.size(); i++) {
      ByteBuffer b = free.get(i);
      // not one twice the size: a small page would hold a large buffer while large pages make new ones
      if (b.capacity() >= size && b.capacity() / 2 < Math.max(size, GRAIN)) {
        free.remove(i);
        freeBytes -= b.capacity();
        return b;
      }
    }
    return null;
  }

  @Override
  public synchronized void release(ByteBuffer b) {
    if (b.isDirect() || freeBytes + b.capacity() > KEPT_BYTES) {
      return;
    }
    for (ByteBuffer kept : free) {
      if (kept == b) { // handed back twice: listed twice, it would go to two pages
        return;
      }
    }
    free.add(0, b);
    freeBytes += b.capacity();
  }

  @Override
  public boolean isDirect() {
    return false;
  }
}
