package dev.unroll.spark.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The page buffers' pool hands a buffer to one page at a time, whatever the buffers hold. */
class PageSlabsTest {
  private static final int KB = 1024;

  /** A buffer handed back with nothing left to read, as a page store leaves it once written out. */
  private static ByteBuffer used(PageSlabs slabs, int size) {
    ByteBuffer b = slabs.allocate(size);
    b.position(b.limit());
    return b;
  }

  @Test
  void aBufferTakenFromThePoolIsNotHandedOutAgainWhileAnotherEqualOneWaits() {
    PageSlabs slabs = new PageSlabs();
    ByteBuffer large = used(slabs, 100 * KB); // 128 KB
    ByteBuffer small = used(slabs, 60 * KB); // 64 KB; equal to large by ByteBuffer.equals: nothing remains
    slabs.release(large);
    slabs.release(small);
    ByteBuffer first = slabs.allocate(100 * KB);
    ByteBuffer second = slabs.allocate(100 * KB);
    assertSame(large, first, "the free 128 KB buffer fits a 100 KB page");
    assertNotSame(first, second, "a buffer in use went to a second page");
    assertSame(small, slabs.allocate(60 * KB), "the 64 KB buffer is still free");
  }

  @Test
  void aBufferHandedBackTwiceGoesToOnePageOnly() {
    PageSlabs slabs = new PageSlabs();
    ByteBuffer b = used(slabs, 10 * KB);
    slabs.release(b);
    slabs.release(b);
    assertSame(b, slabs.allocate(10 * KB));
    assertNotSame(b, slabs.allocate(10 * KB));
  }

  @Test
  void tasksTakingAndHandingBackAtOnceNeverShareABuffer() throws Exception {
    PageSlabs slabs = new PageSlabs();
    ExecutorService tasks = Executors.newFixedThreadPool(4);
    Set<ByteBuffer> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(tasks.submit(() -> {
          int shared = 0;
          for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = slabs.allocate((1 + i % 3) * 40 * KB);
            synchronized (inUse) {
              shared += inUse.add(b) ? 0 : 1;
            }
            b.position(b.limit()); // every buffer handed back equal to every other
            synchronized (inUse) {
              inUse.remove(b);
            }
            slabs.release(b);
          }
          return shared;
        }));
      }
      int shared = 0;
      for (Future<Integer> f : done) {
        shared += f.get();
      }
      assertEquals(0, shared, "allocations that got a buffer another task held");
    } finally {
      tasks.shutdownNow();
    }
  }
}
