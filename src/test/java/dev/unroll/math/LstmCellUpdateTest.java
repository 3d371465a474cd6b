package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Activations#lstmCellUpdate}: the vector lanes and the scalar loop give the bits of
 * {@code clamp(f·c + i·g, cellClip)} with each product rounded (no fused multiply-add), over vectors and
 * a tail, against values worked out by hand.
 */
class LstmCellUpdateTest {
  private static final int LENGTH = 37; // two AVX-512 vectors and a tail

  /** f, c, i, g, then the new c without a clip and with a clip of 0.5, worked by hand. */
  private static final float[][] CASES = {
      // 0.5·2 + 0.25·4 = 2, clipped to 0.5
      {0.5f, 2f, 0.25f, 4f, 2f, 0.5f},
      // (1 + 2^-12)² = 1 + 2^-11 + 2^-24 is a tie, rounded to even: 1 + 2^-11; minus 1 leaves 2^-11.
      // A fused multiply-add would keep 2^-11 + 2^-24.
      {0x1.001p0f, 0x1.001p0f, 1f, -1f, 0x1p-11f, 0x1p-11f},
      // 0.75·(−3) + 0.5·(−0.5) = −2.25 − 0.25 = −2.5, clipped to −0.5
      {0.75f, -3f, 0.5f, -0.5f, -2.5f, -0.5f},
      // a closed forget gate drops c: 0·5 − 0.125·0.25 = −0.03125, inside the clip
      {0f, 5f, -0.125f, 0.25f, -0.03125f, -0.03125f},
  };

  @ParameterizedTest(name = "cellClip={0}")
  @ValueSource(floats = {Float.NaN, 0.5f})
  void vectorAndScalarGiveTheHandWorkedBitsWithoutFusedMultiplyAdd(float cellClip) {
    int result = Float.isNaN(cellClip) ? 4 : 5;
    int i = 4;
    int f = 4 + LENGTH;
    int g = 4 + 2 * LENGTH;
    float[] gates = new float[3 * LENGTH + 4];
    float[] c = new float[LENGTH + 2];
    float[] expectedC = new float[LENGTH + 2];
    float[] expectedM = new float[LENGTH + 1];
    c[0] = 7f; // before the range: untouched
    c[1] = -7f;
    expectedC[0] = 7f;
    expectedC[1] = -7f;
    for (int j = 0; j < LENGTH; j++) { // every case in vector lanes and in the tail
      float[] k = CASES[j % CASES.length];
      gates[f + j] = k[0];
      c[2 + j] = k[1];
      gates[i + j] = k[2];
      gates[g + j] = k[3];
      expectedC[2 + j] = k[result];
      expectedM[1 + j] = k[result];
    }
    for (Activations acts : new Activations[] {Activations.scalar(), VectorActivations.INSTANCE}) {
      float[] actualC = c.clone();
      float[] actualM = new float[LENGTH + 1];
      acts.lstmCellUpdate(gates, i, f, g, actualC, 2, actualM, 1, LENGTH, cellClip);
      assertArrayEquals(expectedC, actualC, acts.name());
      assertArrayEquals(expectedM, actualM, acts.name());
    }
  }
}
