package dev.unroll.spark.partition;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Tells whether this JVM's vector kernels came out of the JIT boxed, from what the task threads allocate
 * while they score. Compiled as intended, an unroll allocates nothing per batch (its buffers are reused):
 * once the buffers have grown to the job's windows, 1.2e10 multiply-adds allocated 672 bytes (LSTM 32 ->
 * 256; the first two blocks of that job 0.0013-0.0018 bytes a multiply-add, the growth included). When C2
 * fails to intrinsify the Vector API calls in a kernel, every vector becomes a heap object. Seen once on
 * OpenJDK 17 (one JVM of 25 in {@code jobs/compiled-code.sh}; none in 1,133 like it since): the
 * micro-kernel's FMAs stayed calls on heap vectors and the JVM ran 11.5x slower, for as long as it lived.
 * The job cannot have a method recompiled; once the verdict is in, that JVM's tasks run the scalar
 * kernels, which give the same bits and hold no vector code ({@link ExecutorModels#gemm()}), and the job
 * names the executor.
 *
 * <p>The verdict is per JVM and needs {@link #BLOCKS} blocks in a row, each of at least
 * {@link #BLOCK_MACS} multiply-adds, at {@link #BOXED_BYTES_PER_MAC} bytes or more each: a fresh JVM's
 * first seconds run the kernels interpreted, boxed too, but only until C2 has compiled them, which is
 * well within a block's work at the interpreter's pace.
 */
final class KernelWatch {
  /**
   * Multiply-adds of one block: about 0.2 s of W1's LSTM (64 -> 128) on one core compiled well, and about
   * 2 s at the one boxed JVM's 11.5x.
   */
  static final long BLOCK_MACS = 10_000_000_000L;
  /**
   * The threshold: with the FMA intrinsic switched off, an LSTM 32 -> 256 allocated 9.69 bytes a
   * multiply-add; compiled as intended its blocks allocated 0.0018 or less.
   */
  static final double BOXED_BYTES_PER_MAC = 0.5;
  static final int BLOCKS = 3;

  /** This JVM's watch, shared by its task threads. */
  static final KernelWatch JVM = new KernelWatch();

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private long blockMacs;
  private long blockBytes;
  private int boxedBlocks;
  private String verdict;

  /** Bytes the calling thread has allocated so far, or -1 when this JVM cannot tell. */
  static long allocatedBytes() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * Counts one window the calling thread has just scored: {@code allocatedAtStart} is
   * {@link #allocatedBytes()} from before it, {@code macs} the multiply-adds it took. Returns the boxed
   * verdict the first time it is reached (what the last block measured), null otherwise.
   */
  String windowScored(long allocatedAtStart, long macs) {
    return allocatedAtStart < 0 ? null : count(allocatedBytes() - allocatedAtStart, macs);
  }

  /** {@link #windowScored} with the window's allocated bytes already measured. */
  synchronized String count(long bytes, long macs) {
    if (macs <= 0 || verdict != null) {
      return null;
    }
    blockBytes += bytes;
    blockMacs += macs;
    if (blockMacs < BLOCK_MACS) {
      return null;
    }
    double perMac = (double) blockBytes / blockMacs;
    boxedBlocks = perMac >= BOXED_BYTES_PER_MAC ? boxedBlocks + 1 : 0;
    blockBytes = 0;
    blockMacs = 0;
    if (boxedBlocks < BLOCKS) {
      return null;
    }
    verdict = String.format(Locale.ROOT, "%.2f bytes allocated per multiply-add", perMac);
    return verdict;
  }

  /** The boxed verdict (what the last block measured), or null while the kernels look compiled as intended. */
  synchronized String boxed() {
    return verdict;
  }

  /** Forgets the blocks and the verdict: for tests, which share one JVM. */
  synchronized void clear() {
    blockMacs = 0;
    blockBytes = 0;
    boxedBlocks = 0;
    verdict = null;
  }

  private static com.sun.management.ThreadMXBean threads() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
      return t;
    }
    return null;
  }
}
