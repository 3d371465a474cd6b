package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.Cell;
import dev.unroll.math.ReferenceGemm;
import dev.unroll.testing.RandomCells;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of the unroll that hold for any weights: batching, padding, reversal, stacking. */
class UnrollPropertiesTest {

  static Stream<Integer> cellKinds() {
    return IntStream.range(0, 5).boxed();
  }

  private static Unroller unroller(RnnModel model) {
    return new Unroller(PreparedModel.prepare(model, new ReferenceGemm()));
  }

  private static float[] sequence(SequenceBatch batch, int i) {
    int start = 0;
    for (int k = 0; k < i; k++) {
      start += batch.lengths()[k];
    }
    int n = batch.lengths()[i] * batch.inputSize();
    return Arrays.copyOfRange(batch.values(), start * batch.inputSize(), start * batch.inputSize() + n);
  }

  @ParameterizedTest
  @MethodSource("cellKinds")
  void aBatchScoresEachSequenceExactlyAsItScoresAlone(int kind) {
    RandomCells random = new RandomCells(11 + kind);
    RnnModel model = random.stackedBidirectional(kind, 5, 7, 6);
    SequenceBatch batch = random.batch(5, new int[] {3, 0, 9, 1, 9, 4});
    Unroller unroller = unroller(model);
    UnrollResult together = unroller.unroll(batch, true);
    for (int i = 0; i < batch.count(); i++) {
      UnrollResult alone = unroller.unroll(SequenceBatch.of(5, new float[][] {sequence(batch, i)}), true);
      for (int s = 0; s < together.finalStates().size(); s++) {
        CellState all = together.finalStates().get(s);
        CellState one = alone.finalStates().get(s);
        int w = one.h().length;
        assertArrayEquals(one.h(), UnrollResult.row(all.h(), i, w), "h of slot " + s + " row " + i);
        boolean hasC = model.slots().get(s).cell().cellStateSize() > 0;
        assertEquals(hasC, all.c() != null, "slot " + s + " has c exactly when its cell does");
        if (hasC) {
          assertArrayEquals(one.c(), UnrollResult.row(all.c(), i, one.c().length), "c of slot " + s);
        }
      }
      assertArrayEquals(alone.paddedOutputs(0, 9), together.paddedOutputs(i, 9), "outputs of row " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("cellKinds")
  void theBackwardDirectionIsTheForwardCellOverTheReversedValidSteps(int kind) {
    RandomCells random = new RandomCells(23 + kind);
    Cell fw = random.anyCell(kind, 3, 4);
    Cell bw = random.anyCell(kind, 3, 4);
    SequenceBatch batch = random.batch(3, new int[] {5, 2});
    UnrollResult bidi = unroller(RnnModel.of(Layer.bidirectional(fw, bw))).unroll(batch, true);
    Unroller backwardAlone = unroller(RnnModel.of(Layer.of(bw)));
    int out = bw.outputSize();
    for (int i = 0; i < batch.count(); i++) {
      float[] seq = sequence(batch, i);
      int len = batch.lengths()[i];
      float[] reversed = new float[seq.length];
      for (int t = 0; t < len; t++) {
        System.arraycopy(seq, (len - 1 - t) * 3, reversed, t * 3, 3);
      }
      UnrollResult r = backwardAlone.unroll(SequenceBatch.of(3, new float[][] {reversed}), true);
      assertArrayEquals(r.finalStates().get(0).h(), UnrollResult.row(bidi.finalStates().get(1).h(), i, out));
      float[] padded = bidi.paddedOutputs(i, len);
      int width = bidi.outputWidth();
      for (int t = 0; t < len; t++) {
        float[] expected = Arrays.copyOfRange(r.outputs(), (len - 1 - t) * out, (len - t) * out);
        float[] actual = Arrays.copyOfRange(padded, t * width + fw.outputSize(), (t + 1) * width);
        assertArrayEquals(expected, actual, "backward output of row " + i + " step " + t);
      }
    }
  }

  @Test
  void aStackWithinOneDirectionEqualsTheSameCellsAsSeparateLayers() {
    RandomCells random = new RandomCells(5);
    Cell bottom = random.lstm(4, 6, true, 3);
    Cell top = random.gru(3, 5, false);
    SequenceBatch batch = random.batch(4, new int[] {7, 1, 0, 4});
    UnrollResult stacked = unroller(new RnnModel(List.of(new Layer(List.of(bottom, top), List.of()))))
        .unroll(batch, true);
    UnrollResult layered = unroller(RnnModel.of(Layer.of(bottom), Layer.of(top))).unroll(batch, true);
    assertArrayEquals(layered.outputs(), stacked.outputs());
    for (int s = 0; s < 2; s++) {
      assertArrayEquals(layered.finalStates().get(s).h(), stacked.finalStates().get(s).h());
    }
  }

  @Test
  void stepsPastASequenceLengthNeitherChangeItsStateNorProduceOutputs() {
    RandomCells random = new RandomCells(8);
    Cell cell = random.lstm(2, 3, false, 0);
    SequenceBatch batch = random.batch(2, new int[] {2, 6});
    UnrollResult r = unroller(RnnModel.of(Layer.of(cell))).unroll(batch, true);
    float[] padded = r.paddedOutputs(0, 6);
    // the final h of the short sequence is its output at its last valid step
    assertArrayEquals(Arrays.copyOfRange(padded, 3, 6), UnrollResult.row(r.finalStates().get(0).h(), 0, 3));
    for (int k = 6; k < padded.length; k++) {
      assertEquals(0f, padded[k]);
    }
    assertTrue(r.outputs().length == (2 + 6) * 3);
  }

  @Test
  void aBatchOfTheWrongInputSizeIsRefusedWithBothSizes() {
    Cell cell = new RandomCells(1).simpleRnn(4, 2);
    Unroller unroller = unroller(RnnModel.of(Layer.of(cell)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> unroller.unroll(SequenceBatch.of(3, new float[][] {{1, 2, 3}}), false));
    assertEquals("the model takes input size 4 but the batch has 3", e.getMessage());
  }

  @Test
  void anInitialStateOfTheWrongSizeIsRefusedNamingTheCell() {
    Cell cell = new RandomCells(1).lstm(2, 3, false, 0);
    Unroller unroller = unroller(RnnModel.of(Layer.of(cell)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> unroller.unroll(SequenceBatch.of(2, new float[][] {{1, 2}}),
            List.of(new CellState(new float[3], new float[2])), false));
    assertTrue(e.getMessage().contains("initial c for layer 0 forward cell 0"), e.getMessage());
  }
}
