package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.math.Gemm;
import dev.unroll.math.ReferenceGemm;
import dev.unroll.math.ScalarGemm;
import dev.unroll.math.TiledGemm;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unroll with {@link TiledGemm} against the same unroll with {@link ReferenceGemm} (within
 * tolerance) and {@link ScalarGemm} (bit for bit) on random stacked and bidirectional models over
 * mixed lengths, and the batching property: a sequence scores
 * bit for bit the same alone as in a batch of many other lengths.
 */
class TiledUnrollAgreementTest {
  /** float32 agreement the project promises against reference engines. */
  private static final float TOLERANCE = 1e-5f;
  private static final float WEIGHT_SCALE = 0.3f;
  private static final int INPUT = 5;
  private static final int SEQUENCES = 40;
  private static final int MAX_LENGTH = 23;

  static Stream<Arguments> models() {
    Random r = new Random(11);
    return Stream.of(
        Arguments.of("LSTM, then bidirectional LSTM",
            RnnModel.of(Layer.of(lstm(r, INPUT, 37)), Layer.bidirectional(lstm(r, 37, 20), lstm(r, 37, 20)))),
        Arguments.of("LSTM with peepholes and projection, stacked",
            RnnModel.of(Layer.of(peepholeProjectedLstm(r, INPUT, 33, 17)), Layer.of(lstm(r, 17, 9)))),
        Arguments.of("bidirectional GRU reset-after, then GRU reset-before",
            RnnModel.of(Layer.bidirectional(gru(r, INPUT, 35, true), gru(r, INPUT, 35, true)),
                Layer.of(gru(r, 70, 19, false)))),
        Arguments.of("two simple RNNs stacked in each direction",
            RnnModel.of(new Layer(List.of(rnn(r, INPUT, 41), rnn(r, 41, 13)),
                List.of(rnn(r, INPUT, 41), rnn(r, 41, 13))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void tiledUnrollAgreesWithReferenceWithinTolerance(String name, RnnModel model) {
    SequenceBatch batch = randomBatch(new Random(12));
    UnrollResult expected = unroll(model, new ReferenceGemm(), batch);
    UnrollResult actual = unroll(model, new TiledGemm(), batch);
    for (int s = 0; s < expected.finalStates().size(); s++) {
      assertClose(expected.finalStates().get(s).h(), actual.finalStates().get(s).h(), "h of slot " + s);
      boolean hasC = model.slots().get(s).cell().cellStateSize() > 0;
      assertEquals(hasC, actual.finalStates().get(s).c() != null, "slot " + s + " has c exactly when its cell does");
      if (hasC) {
        assertClose(expected.finalStates().get(s).c(), actual.finalStates().get(s).c(), "c of slot " + s);
      }
    }
    assertClose(expected.outputs(), actual.outputs(), "outputs");
  }

  /**
   * The fallback's matmul gives the tiled unroll's bits, so the TensorFlow and ONNX Runtime agreement
   * (tested on the tiled kernel) holds for it too; its sigmoid and tanh give the vector path's bits
   * ({@code VectorActivationsTest}).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void scalarFallbackUnrollGivesTheTiledUnrollsBits(String name, RnnModel model) {
    SequenceBatch batch = randomBatch(new Random(14));
    UnrollResult tiled = unroll(model, new TiledGemm(), batch);
    UnrollResult scalar = unroll(model, new ScalarGemm(), batch);
    for (int s = 0; s < tiled.finalStates().size(); s++) {
      assertArrayEquals(tiled.finalStates().get(s).h(), scalar.finalStates().get(s).h(), "h of slot " + s);
      assertArrayEquals(tiled.finalStates().get(s).c(), scalar.finalStates().get(s).c(), "c of slot " + s);
    }
    assertArrayEquals(tiled.outputs(), scalar.outputs(), "outputs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void aSequenceAloneScoresBitForBitAsInABatch(String name, RnnModel model) {
    SequenceBatch batch = randomBatch(new Random(13));
    Unroller unroller = new Unroller(PreparedModel.prepare(model, new TiledGemm()));
    UnrollResult all = unroller.unroll(batch, true);
    int width = all.outputWidth();
    int start = 0;
    for (int i = 0; i < batch.count(); i++) {
      int len = batch.lengths()[i];
      float[] values = java.util.Arrays.copyOfRange(
          batch.values(), start * INPUT, (start + len) * INPUT);
      UnrollResult alone = unroller.unroll(SequenceBatch.of(INPUT, new float[][] {values}), true);
      for (int s = 0; s < all.finalStates().size(); s++) {
        CellState state = all.finalStates().get(s);
        int hw = alone.finalStates().get(s).h().length;
        assertArrayEquals(UnrollResult.row(state.h(), i, hw), alone.finalStates().get(s).h(),
            "h of sequence " + i + ", slot " + s);
        boolean hasC = model.slots().get(s).cell().cellStateSize() > 0;
        assertEquals(hasC, state.c() != null, "slot " + s + " has c exactly when its cell does");
        if (hasC) {
          int cw = alone.finalStates().get(s).c().length;
          assertArrayEquals(UnrollResult.row(state.c(), i, cw), alone.finalStates().get(s).c(),
              "c of sequence " + i + ", slot " + s);
        }
      }
      assertArrayEquals(java.util.Arrays.copyOfRange(all.outputs(), start * width, (start + len) * width),
          alone.outputs(), "outputs of sequence " + i);
      start += len;
    }
  }

  private static UnrollResult unroll(RnnModel model, Gemm gemm, SequenceBatch batch) {
    return new Unroller(PreparedModel.prepare(model, gemm)).unroll(batch, true);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertTrue(expected.length == actual.length, what + ": lengths differ");
    for (int i = 0; i < expected.length; i++) {
      float diff = Math.abs(expected[i] - actual[i]);
      assertTrue(diff <= TOLERANCE,
          what + "[" + i + "]: reference " + expected[i] + ", tiled " + actual[i] + " (diff " + diff + ")");
    }
  }

  private static SequenceBatch randomBatch(Random r) {
    int[] lengths = new int[SEQUENCES];
    int total = 0;
    for (int i = 0; i < SEQUENCES; i++) {
      lengths[i] = i == 3 ? 0 : r.nextInt(MAX_LENGTH + 1); // one empty sequence for sure
      total += lengths[i];
    }
    return new SequenceBatch(SEQUENCES, INPUT, lengths, values(r, total * INPUT, 1f));
  }

  private static float[] values(Random r, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (r.nextFloat() * 2f - 1f) * scale;
    }
    return v;
  }

  private static Cell lstm(Random r, int in, int units) {
    return new LstmCell(in, units, 0, values(r, in * 4 * units, WEIGHT_SCALE),
        values(r, units * 4 * units, WEIGHT_SCALE), values(r, 4 * units, WEIGHT_SCALE), null, null,
        LstmCell.Options.DEFAULT);
  }

  private static Cell peepholeProjectedLstm(Random r, int in, int units, int proj) {
    return new LstmCell(in, units, proj, values(r, in * 4 * units, WEIGHT_SCALE),
        values(r, proj * 4 * units, WEIGHT_SCALE), values(r, 4 * units, WEIGHT_SCALE),
        values(r, 3 * units, WEIGHT_SCALE), values(r, units * proj, WEIGHT_SCALE),
        LstmCell.Options.tensorFlow(Activation.TANH, 3f, 0.8f));
  }

  private static Cell gru(Random r, int in, int units, boolean resetAfter) {
    return new GruCell(in, units, values(r, in * 3 * units, WEIGHT_SCALE),
        values(r, units * 3 * units, WEIGHT_SCALE), values(r, 3 * units, WEIGHT_SCALE),
        resetAfter ? values(r, units, WEIGHT_SCALE) : null, resetAfter, Activation.SIGMOID,
        Activation.TANH, Float.NaN);
  }

  private static Cell rnn(Random r, int in, int units) {
    return new SimpleRnnCell(in, units, values(r, in * units, WEIGHT_SCALE),
        values(r, units * units, WEIGHT_SCALE), values(r, units, WEIGHT_SCALE), Activation.TANH, Float.NaN);
  }
}
