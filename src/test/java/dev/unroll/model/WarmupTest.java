package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.math.Gemms;
import dev.unroll.testing.RandomCells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WarmupTest {

  @Test
  void aWarmUpBatchHoldsAtMostFourMegabytesOfInputWhateverTheWidth() {
    assertEquals(256, Warmup.sequences(32, 256), "LSTM 32 -> 64 at the default batch: the whole batch");
    assertEquals(16, Warmup.sequences(4096, 256), "4096 features: 16 sequences of 16 steps, 1M floats");
    assertEquals(1, Warmup.sequences(1 << 22, 256), "wider than the cap: still one sequence");
  }

  @ParameterizedTest
  @MethodSource("dev.unroll.model.UnrollPropertiesTest#cellKinds")
  void aWarmedUpModelScoresTheSameBitsAsBefore(int kind) {
    RandomCells random = new RandomCells(3 + kind);
    RnnModel model = random.stackedBidirectional(kind, 4, 6, 5);
    PreparedModel prepared = PreparedModel.prepare(model, Gemms.preferred());
    SequenceBatch batch = random.batch(4, new int[] {3, 7, 0, 2});
    UnrollResult before = new Unroller(prepared).unroll(batch, true);
    Warmup.run(prepared, 8, 3);
    UnrollResult after = new Unroller(prepared).unroll(batch, true);
    for (int s = 0; s < model.slots().size(); s++) {
      assertArrayEquals(before.finalStates().get(s).h(), after.finalStates().get(s).h(), "h of slot " + s);
    }
    assertArrayEquals(before.outputs(), after.outputs(), "outputs");
  }
}
