package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PoolingTest {
  /** Two sequences' outputs of width 2: three steps, then two. */
  private static final float[] OUTPUTS = {
    1f, -4f,
    2f, -5f,
    6f, -6f,
    -1f, 0.5f,
    -3f, 0.25f
  };

  @Test
  void meanAndMaxCoverOnlyTheSequencesOwnSteps() {
    float[] dst = new float[6];
    Pooling.mean(OUTPUTS, 0, 3, 2, dst, 0);
    Pooling.max(OUTPUTS, 0, 3, 2, dst, 2);
    Pooling.mean(OUTPUTS, 3, 2, 2, dst, 4);
    assertArrayEquals(new float[] {3f, -5f, 6f, -4f, -2f, 0.375f}, dst);
    Pooling.max(OUTPUTS, 3, 2, 2, dst, 4);
    assertArrayEquals(new float[] {-1f, 0.5f}, new float[] {dst[4], dst[5]});
  }

  @Test
  void theMeanIsRoundedOnceFromADoubleSum() {
    // in float, 16777216 + 1 + 1 stays 16777216; the double sum keeps both ones
    float[] dst = new float[1];
    Pooling.mean(new float[] {16777216f, 1f, 1f}, 0, 3, 1, dst, 0);
    assertArrayEquals(new float[] {(float) (16777218.0 / 3)}, dst);
  }

  @Test
  void aSequenceOfNoStepsPoolsToZeros() {
    float[] dst = {7f, 7f};
    Pooling.mean(OUTPUTS, 2, 0, 2, dst, 0);
    assertArrayEquals(new float[] {0f, 0f}, dst);
    dst = new float[] {7f, 7f};
    Pooling.max(OUTPUTS, 2, 0, 2, dst, 0);
    assertArrayEquals(new float[] {0f, 0f}, dst);
  }
}
