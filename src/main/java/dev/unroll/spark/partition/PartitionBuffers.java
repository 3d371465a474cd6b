package dev.unroll.spark.partition;

import dev.unroll.model.PreparedModel;
import dev.unroll.model.Unroller;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The large buffers of a partition's scoring (the window's sequences and results, the unroll's own),
 * handed from one partition to the next. Each partition used to grow its own from empty: in a flight
 * recording of a 1M-row noop job of 80 partitions they were about 1.2 GB of 10 GB of sampled allocation.
 * A finished partition parks its buffers in this JVM's pool; the next partition to start takes them.
 *
 * <p>The pool is shared by the task threads, not kept per thread: Spark's task threads come and go (a
 * 1M-row job of 80 tasks on 2 cores ran on 3 of them, a longer job on more), and buffers parked on an
 * idle thread stayed on it, so the heap grew with the job. A partition creates buffers only when none is
 * parked, that is when every set is in use, so the pool never holds more sets than partitions ran at once.
 */
final class PartitionBuffers {
  private static final Deque<PartitionBuffers> PARKED = new ConcurrentLinkedDeque<>();

  float[] values = new float[0];
  float[] vectors = new float[0];
  float[] outputs = new float[0];
  private PreparedModel model;
  private Unroller unroller;

  private PartitionBuffers() {}

  /** The most recently parked buffers, or new empty ones; the caller owns them until it {@link #park}s them. */
  static PartitionBuffers take() {
    PartitionBuffers parked = PARKED.pollFirst();
    return parked == null ? new PartitionBuffers() : parked;
  }

  /** Leaves these buffers for the next partition. */
  void park() {
    PARKED.addFirst(this);
  }

  /** How many sets are parked: at most the partitions that ran at once in this JVM. */
  static int parked() {
    return PARKED.size();
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
