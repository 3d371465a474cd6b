package dev.unroll.spark.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PartitionBuffersTest {
  /** Runs {@code body} on a thread of its own, as Spark runs each task on whichever pool thread is free. */
  private static PartitionBuffers onNewThread(java.util.function.Supplier<PartitionBuffers> body)
      throws InterruptedException {
    AtomicReference<PartitionBuffers> result = new AtomicReference<>();
    Thread t = new Thread(() -> result.set(body.get()));
    t.start();
    t.join();
    return result.get();
  }

  @Test
  void partitionsRunInTurnOnDifferentThreadsShareOneSetOfBuffers() throws InterruptedException {
    PartitionBuffers first = onNewThread(() -> {
      PartitionBuffers b = PartitionBuffers.take();
      b.park();
      return b;
    });
    int parkedAfterFirst = PartitionBuffers.parked();
    for (int task = 0; task < 10; task++) {
      PartitionBuffers taken = onNewThread(() -> {
        PartitionBuffers b = PartitionBuffers.take();
        b.park();
        return b;
      });
      assertSame(first, taken, "task " + task + " took the buffers the last finished partition parked");
    }
    assertEquals(parkedAfterFirst, PartitionBuffers.parked(), "ten more threads parked no more sets");
  }

  @Test
  void partitionsOpenAtOnceEachGetTheirOwnBuffers() {
    PartitionBuffers a = PartitionBuffers.take();
    PartitionBuffers b = PartitionBuffers.take();
    assertNotSame(a, b);
    a.park();
    b.park();
    assertSame(b, PartitionBuffers.take(), "the most recently parked first");
    assertSame(a, PartitionBuffers.take());
  }
}
