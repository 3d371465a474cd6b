package dev.unroll.spark.partition;

import dev.unroll.model.PreparedModel;
import dev.unroll.model.Unroller;

/**
 * The large buffers of a partition's scoring (the window's sequences and results, the unroll's own),
 * handed from one partition to the next on the same task thread. Each partition used to grow its own
 * from empty: in a flight recording of a 1M-row noop job of 80 partitions they were about 1.2 GB of 10 GB
 * of sampled allocation. Keeping them removes that allocation; it did not change the number of G1
 * collections measurably (those are mostly Spark's column vectors and Parquet's page buffers; see
 * docs/benchmarks.md). A finished partition parks its buffers on its thread; the thread's next partition
 * takes them. An idle task thread keeps one window's worth (what its next task would allocate anyway)
 * until Spark retires the thread.
 */
final class ThreadBuffers {
  private static final ThreadLocal<ThreadBuffers> PARKED = new ThreadLocal<>();

  float[] values = new float[0];
  float[] vectors = new float[0];
  float[] outputs = new float[0];
  private PreparedModel model;
  private Unroller unroller;

  private ThreadBuffers() {}

  /** This thread's parked buffers, or new empty ones; the caller owns them until it {@link #park}s them. */
  static ThreadBuffers take() {
    ThreadBuffers parked = PARKED.get();
    if (parked == null) {
      return new ThreadBuffers();
    }
    // taken, not shared: a second partition open on this thread at once gets its own
    PARKED.remove();
    return parked;
  }

  /** Leaves these buffers for this thread's next partition. */
  void park() {
    PARKED.set(this);
  }

  /** An unroller of {@code prepared}, kept with its buffers while the model stays the same. */
  Unroller unroller(PreparedModel prepared) {
    if (model != prepared) {
      model = prepared;
      unroller = new Unroller(prepared);
    }
    return unroller;
  }
}
