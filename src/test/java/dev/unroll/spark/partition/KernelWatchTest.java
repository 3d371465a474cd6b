package dev.unroll.spark.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a JVM's kernels count as boxed, from the bytes its scoring threads allocate. */
class KernelWatchTest {
  private static final long BLOCK = KernelWatch.BLOCK_MACS;
  /** What the one boxed JVM seen allocated: gigabytes for a W2 batch of 0.94e9 multiply-adds. */
  private static final long BOXED_BLOCK_BYTES = 3 * BLOCK;

  @Test
  void kernelsThatAllocateNothingNeverCountAsBoxed() {
    KernelWatch watch = new KernelWatch();
    for (int w = 0; w < 100; w++) {
      assertNull(watch.count(400, BLOCK / 3));
    }
    assertNull(watch.boxed());
  }

  @Test
  void threeBoxedBlocksInARowGiveTheVerdictOnce() {
    KernelWatch watch = new KernelWatch();
    assertNull(watch.count(BOXED_BLOCK_BYTES, BLOCK));
    assertNull(watch.count(BOXED_BLOCK_BYTES, BLOCK));
    String verdict = watch.count(BOXED_BLOCK_BYTES, BLOCK);
    assertNotNull(verdict);
    assertEquals("3.00 bytes allocated per multiply-add", verdict);
    assertEquals(verdict, watch.boxed());
    assertNull(watch.count(BOXED_BLOCK_BYTES, BLOCK), "logged once");
    assertEquals(verdict, watch.boxed());
  }

  @Test
  void aBlockIsTheSumOfItsWindows() {
    KernelWatch watch = new KernelWatch();
    for (int block = 0; block < 3; block++) {
      for (int w = 0; w < 9; w++) {
        assertNull(watch.count(BOXED_BLOCK_BYTES / 10, BLOCK / 10));
      }
      String verdict = watch.count(BOXED_BLOCK_BYTES / 10, BLOCK / 10);
      assertEquals(block == 2, verdict != null, "block " + block);
    }
  }

  @Test
  void aFreshJvmsInterpretedStartDoesNotCount() {
    // the first block runs partly interpreted (every vector boxed) until C2 has compiled the kernels
    KernelWatch watch = new KernelWatch();
    assertNull(watch.count(BOXED_BLOCK_BYTES, BLOCK));
    assertNull(watch.count(BOXED_BLOCK_BYTES, BLOCK));
    assertNull(watch.count(1000, BLOCK));
    assertNull(watch.count(BOXED_BLOCK_BYTES, BLOCK));
    assertNull(watch.count(BOXED_BLOCK_BYTES, BLOCK));
    assertNull(watch.boxed(), "two boxed blocks, a clean one, two boxed: never three in a row");
  }

  @Test
  void justUnderHalfAByteAMultiplyAddIsNotBoxed() {
    KernelWatch watch = new KernelWatch();
    for (int b = 0; b < 10; b++) {
      assertNull(watch.count(BLOCK / 2 - 1, BLOCK));
    }
    for (int b = 0; b < 2; b++) {
      assertNull(watch.count(BLOCK / 2, BLOCK));
    }
    assertNotNull(watch.count(BLOCK / 2, BLOCK));
  }

  @Test
  void theAllocationCountIsTheCallingThreads() throws InterruptedException {
    long before = KernelWatch.allocatedBytes();
    assertTrue(before >= 0, "this JVM counts allocated bytes per thread");
    for (int i = 0; i < 10; i++) {
      byte[] array = new byte[1 << 20];
      array[i] = 1;
    }
    long mine = KernelWatch.allocatedBytes() - before;
    assertTrue(mine >= 10 << 20 && mine < 11 << 20, mine + " bytes for 10 MB of arrays");
    Thread other = new Thread(() -> {
      byte[] big = new byte[64 << 20];
      big[0] = 1;
    });
    long start = KernelWatch.allocatedBytes();
    other.start();
    other.join();
    assertTrue(KernelWatch.allocatedBytes() - start < 1 << 20, "another thread's 64 MB is not counted here");
  }

  @Test
  void aWindowOnAJvmThatCannotCountIsIgnored() {
    KernelWatch watch = new KernelWatch();
    for (int b = 0; b < 5; b++) {
      assertNull(watch.windowScored(-1, BLOCK));
    }
    assertNull(watch.boxed());
  }
}
