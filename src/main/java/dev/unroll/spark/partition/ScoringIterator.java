package dev.unroll.spark.partition;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.model.Unroller;
import dev.unroll.spark.plan.InputPlan;
import dev.unroll.spark.plan.PartitionPlan;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The lazy output of one partition: pulls a window of rows, scores it in mini-batches, hands its rows on
 * one at a time, then pulls the next window. Memory is bounded by the window, never by the partition.
 */
final class ScoringIterator implements Iterator<InternalRow> {
  private final Iterator<InternalRow> input;
  private final PartitionPlan plan;
  private final ScoringMetrics metrics;
  private final SequenceReader reader;
  private final ScoringWindow window;
  private final ModelBroadcast broadcast;
  private final PartitionBuffers buffers;
  private ExecutorModels.Prepared model;
  private Unroller unroller;
  private final OutputRowWriter writer;
  private final RejectedRows.Task rejected;
  /** The run report's statistics of this task, or null when no report is asked for. */
  private final WindowStats stats;
  /** Multiply-adds of one valid step of one sequence (the model's weights, biases included). */
  private final long macsPerStep;
  private final long started = System.nanoTime();
  private long readNanos;
  private long scoreNanos;
  private int next;
  private boolean finished;

  ScoringIterator(Iterator<InternalRow> input, ModelBroadcast broadcast, ExecutorModels.Prepared model,
      PartitionPlan plan, ScoringMetrics metrics) {
    this.input = input;
    this.plan = plan;
    this.metrics = metrics;
    this.reader = new SequenceReader(plan.input(), model.embedding());
    this.broadcast = broadcast;
    this.buffers = PartitionBuffers.take();
    this.window = new ScoringWindow(plan.input(), plan.output(), plan.sortWindow(), plan.batchSize(), buffers);
    this.model = model;
    this.unroller = buffers.unroller(model.model());
    this.writer = new OutputRowWriter(plan.output());
    this.rejected = metrics.rejected.task();
    this.stats = metrics.stats == null ? null : new WindowStats(plan);
    this.macsPerStep = model.model().model().parameterCount();
  }

  @Override
  public boolean hasNext() {
    if (next < window.count) {
      return true;
    }
    if (finished) {
      return false;
    }
    window.clear();
    next = 0;
    if (stats != null) {
      stats.windowStarts();
    }
    long t0 = System.nanoTime();
    long read = 0;
    long rejected = 0;
    while (!window.isFull() && input.hasNext()) {
      InternalRow row = input.next();
      read++;
      if (!window.add(row, reader)) {
        rejected++;
        reject(row);
      }
    }
    long t1 = System.nanoTime();
    if (!ExecutorModels.current(model)) { // this JVM's vector kernels came out boxed: scalar from here on
      model = ExecutorModels.get(broadcast);
      unroller = buffers.unroller(model.model());
    }
    long allocated = KernelWatch.allocatedBytes();
    window.score(unroller);
    long t2 = System.nanoTime();
    metrics.noteKernels(allocated, window.validSteps * macsPerStep);
    readNanos += t1 - t0;
    scoreNanos += t2 - t1;
    if (stats != null) {
      stats.windowScored(window, read);
    }
    metrics.rowsRead.add(read);
    metrics.rowsRejected.add(rejected);
    metrics.rowsScored.add(window.count);
    metrics.validSteps.add(window.validSteps);
    metrics.paddedSteps.add(window.paddedSteps);
    metrics.batches.add(window.batches);
    metrics.readNanos.add(t1 - t0);
    metrics.scoreNanos.add(t2 - t1);
    if (window.count == 0) {
      // the window only stops short of full when the input is exhausted
      finished = true;
      window.release().park();
      metrics.partitionNanos.add(System.nanoTime() - started);
      metrics.noteBoxedKernels();
      if (stats != null) {
        stats.finish(metrics.stats, readNanos, scoreNanos);
      }
      return false;
    }
    return true;
  }

  /** The model the last window ran on. */
  ExecutorModels.Prepared model() {
    return model;
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return writer.write(window, next++);
  }

  private void reject(InternalRow row) {
    if (plan.badRows() == BadRowPolicy.FAIL) {
      throw new BadRowException("bad row with " + plan.input().idColumn() + " = " + id(row, plan.input())
          + ": " + reader.problem() + ". The job stops at the first bad row (--bad-rows fail);"
          + " use --bad-rows skip or quarantine to leave such rows out.");
    }
    if (stats != null) {
      stats.rejected(reader.problem(), id(row, plan.input()));
    }
    if (plan.badRows() == BadRowPolicy.QUARANTINE) {
      rejected.add(row, reader.problem());
    }
  }

  static String id(InternalRow row, InputPlan plan) {
    return row.isNullAt(InputPlan.ID) ? "null" : String.valueOf(row.get(InputPlan.ID, plan.idType()));
  }
}
