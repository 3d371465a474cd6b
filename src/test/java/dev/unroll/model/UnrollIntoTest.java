package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.Cell;
import dev.unroll.math.Gemms;
import dev.unroll.math.ReferenceGemm;
import dev.unroll.testing.RandomCells;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Unroller#unrollInto}: a batch read in place at offsets, in any order, scores exactly as the same
 * sequences handed over one after another, and its results land in the caller's rows and columns.
 */
class UnrollIntoTest {
  private static final int INPUT = 5;
  private static final int[] LENGTHS = {3, 0, 9, 1, 9, 4, 7};

  @ParameterizedTest
  @MethodSource("dev.unroll.model.UnrollPropertiesTest#cellKinds")
  void sequencesReadAtOffsetsInAnyOrderGiveTheBitsOfTheConsecutiveBatchInTheirOwnRows(int kind) {
    RandomCells random = new RandomCells(41 + kind);
    RnnModel model = random.stackedBidirectional(kind, INPUT, 7, 6);
    SequenceBatch consecutive = random.batch(INPUT, LENGTHS);
    UnrollResult expected = new Unroller(PreparedModel.prepare(model, Gemms.preferred())).unroll(consecutive, true);

    // the same sequences scattered over a larger buffer, with gaps, handed over in a shuffled order
    int n = LENGTHS.length;
    int[] batchOrder = {4, 1, 6, 0, 2, 5, 3};
    int[] lengths = new int[n];
    int[] starts = new int[n];
    int[] consecutiveStarts = SequenceBatch.consecutive(n, LENGTHS);
    float[] values = new float[(Arrays.stream(LENGTHS).sum() + 2 * n) * INPUT];
    Arrays.fill(values, Float.NaN); // a step read from a gap would poison the results
    int at = 1;
    for (int j = n - 1; j >= 0; j--) {
      int i = batchOrder[j];
      lengths[j] = LENGTHS[i];
      starts[j] = at;
      System.arraycopy(consecutive.values(), consecutiveStarts[i] * INPUT, values, at * INPUT, LENGTHS[i] * INPUT);
      at += LENGTHS[i] + 2;
    }
    SequenceBatch scattered = new SequenceBatch(n, INPUT, lengths, starts, values);

    // rows of a gap of 3 floats, the top cell's h and c (when it has one), the first cell's h again
    int top = model.slots().size() - 1;
    int topWidth = model.outputSize();
    int cWidth = model.slots().get(top).cell().cellStateSize();
    int rowWidth = 3 + topWidth + cWidth + 7;
    int[] rows = {2, 6, 0, 4, 1, 5, 3}; // the row of each sequence of the scattered batch
    float[] states = new float[(n + 1) * rowWidth];
    float[] outputs = new float[values.length / INPUT * topWidth];
    List<UnrollTarget.Part> parts = List.of(new UnrollTarget.Part(top, false, 3),
        new UnrollTarget.Part(top, true, 3 + topWidth), new UnrollTarget.Part(0, false, 3 + topWidth + cWidth));
    new Unroller(PreparedModel.prepare(model, Gemms.preferred()))
        .unrollInto(scattered, new UnrollTarget(states, rowWidth, rows, parts, outputs));

    for (int j = 0; j < n; j++) {
      int i = batchOrder[j];
      int row = rows[j] * rowWidth;
      String what = "sequence " + i + " (length " + LENGTHS[i] + ")";
      CellState topState = expected.finalStates().get(top);
      assertArrayEquals(UnrollResult.row(topState.h(), i, topWidth),
          Arrays.copyOfRange(states, row + 3, row + 3 + topWidth), what + ": top h");
      if (cWidth > 0) {
        assertArrayEquals(UnrollResult.row(topState.c(), i, cWidth),
            Arrays.copyOfRange(states, row + 3 + topWidth, row + 3 + topWidth + cWidth), what + ": top c");
      }
      int firstWidth = model.slots().get(0).cell().outputSize();
      assertArrayEquals(UnrollResult.row(expected.finalStates().get(0).h(), i, firstWidth),
          Arrays.copyOfRange(states, row + 3 + topWidth + cWidth, row + 3 + topWidth + cWidth + firstWidth),
          what + ": first cell's h");
      assertArrayEquals(new float[3], Arrays.copyOfRange(states, row, row + 3), what + ": the gap is untouched");
      float[] want = Arrays.copyOfRange(expected.outputs(), consecutiveStarts[i] * topWidth,
          (consecutiveStarts[i] + LENGTHS[i]) * topWidth);
      assertArrayEquals(want, Arrays.copyOfRange(outputs, starts[j] * topWidth, (starts[j] + LENGTHS[i]) * topWidth),
          what + ": outputs at its own start");
    }
    assertArrayEquals(new float[rowWidth], Arrays.copyOfRange(states, n * rowWidth, (n + 1) * rowWidth),
        "a row no sequence owns is untouched");
  }

  @ParameterizedTest
  @MethodSource("dev.unroll.model.UnrollPropertiesTest#cellKinds")
  void sequencesAConstantStrideApartLongestFirstAreReadInPlaceWithTheBitsOfThePackedBatch(int kind) {
    RandomCells random = new RandomCells(53 + kind);
    Cell bottom = random.anyCell(kind, INPUT, 7);
    RnnModel model = RnnModel.of(Layer.of(bottom), Layer.of(random.anyCell(kind, bottom.outputSize(), 6)));
    int[] lengths = {9, 9, 7, 4, 3, 1, 0}; // longest first, so the ranks are the batch's own order
    int n = lengths.length;
    SequenceBatch consecutive = random.batch(INPUT, lengths); // uneven gaps between starts: packed
    int stride = 11;
    int[] starts = new int[n];
    float[] values = new float[(1 + n * stride) * INPUT];
    Arrays.fill(values, Float.NaN); // a step read from the padding would poison the results
    int[] consecutiveStarts = SequenceBatch.consecutive(n, lengths);
    for (int i = 0; i < n; i++) {
      starts[i] = 1 + i * stride;
      System.arraycopy(consecutive.values(), consecutiveStarts[i] * INPUT, values, starts[i] * INPUT,
          lengths[i] * INPUT);
    }
    SequenceBatch strided = new SequenceBatch(n, INPUT, lengths, starts, values);
    Packing packing = new Packing();
    packing.plan(strided);
    assertEquals(stride, packing.rankStride, "the strided batch is read in place");
    packing.plan(consecutive);
    assertEquals(-1, packing.rankStride, "the consecutive batch is packed");

    Unroller unroller = new Unroller(PreparedModel.prepare(model, Gemms.preferred()));
    UnrollResult packed = unroller.unroll(consecutive, true);
    UnrollResult inPlace = unroller.unroll(strided, true);
    assertEquals(model.slots().size(), inPlace.finalStates().size());
    for (int s = 0; s < model.slots().size(); s++) {
      assertArrayEquals(packed.finalStates().get(s).h(), inPlace.finalStates().get(s).h(), "cell " + s + ": h");
      assertArrayEquals(packed.finalStates().get(s).c(), inPlace.finalStates().get(s).c(), "cell " + s + ": c");
    }
    assertArrayEquals(packed.outputs(), inPlace.outputs(), "outputs");
  }

  /**
   * The plain matmul: the vectorised one boxes its vectors until C2 has compiled it (the kernel's JIT
   * warm-up, thousands of batches), which would hide what this pins down, the batch plumbing. A
   * structural allocation (per batch, sequence or cell) would show in every window.
   */
  @Test
  void aWarmUnrollIntoAllocatesNothingPerBatch() {
    RandomCells random = new RandomCells(7);
    RnnModel model = random.stackedBidirectional(1, INPUT, 7, 6);
    int n = 32;
    int[] lengths = random.lengths(n, 20);
    Arrays.sort(lengths);
    for (int i = 0; i < n / 2; i++) { // longest first, as the job hands batches over
      int t = lengths[i];
      lengths[i] = lengths[n - 1 - i];
      lengths[n - 1 - i] = t;
    }
    SequenceBatch batch = random.batch(INPUT, lengths);
    int rowWidth = 2 * model.outputSize();
    int[] rows = IntStream.range(0, n).toArray();
    UnrollTarget target = new UnrollTarget(new float[n * rowWidth], rowWidth, rows,
        List.of(new UnrollTarget.Part(2, false, 0), new UnrollTarget.Part(2, true, model.outputSize())),
        new float[(int) batch.totalSteps() * model.outputSize()]);
    Unroller unroller = new Unroller(PreparedModel.prepare(model, new ReferenceGemm()));
    // once compiled, a window of batches allocates nothing; until the JIT gets there (later on a loaded
    // machine) the activations box their vectors, so windows are measured until one is clean
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int batches = 100;
    long allocated = Long.MAX_VALUE;
    for (int window = 0; window < 100 && allocated >= 64L * batches; window++) {
      long before = threads.getThreadAllocatedBytes(thread);
      for (int k = 0; k < batches; k++) {
        unroller.unrollInto(batch, target);
      }
      allocated = threads.getThreadAllocatedBytes(thread) - before;
    }
    assertTrue(allocated < 64L * batches,
        "unrollInto allocated " + allocated + " bytes over the last " + batches + " batches of " + n
            + " sequences; expected less than 64 bytes a batch (nothing per sequence, per cell or per float)");
  }
}
