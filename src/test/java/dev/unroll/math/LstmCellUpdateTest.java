package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Activations#lstmCellUpdate}: the vector lanes and the scalar loop give the bits of the plain
 * Java expression {@code clamp(f·c + i·g, cellClip)} (no fused multiply-add), over vectors and a tail.
 */
class LstmCellUpdateTest {
  private static final int LENGTH = 37; // two AVX-512 vectors and a tail

  @ParameterizedTest(name = "cellClip={0}")
  @ValueSource(floats = {Float.NaN, 0.5f})
  void vectorAndScalarGiveTheBitsOfTheJavaExpression(float cellClip) {
    Random random = new Random(9);
    float[] gates = GemmDifferentialTest.randomValues(random, 3 * LENGTH + 4);
    float[] c = GemmDifferentialTest.randomValues(random, LENGTH + 2);
    for (int k = 0; k < c.length; k++) {
      c[k] *= 3f; // past the clip
    }
    int i = 4;
    int f = 4 + LENGTH;
    int g = 4 + 2 * LENGTH;

    float[] expectedC = c.clone();
    float[] expectedM = new float[LENGTH + 1];
    for (int j = 0; j < LENGTH; j++) {
      float sum = gates[f + j] * c[2 + j] + gates[i + j] * gates[g + j];
      float clipped = Float.isNaN(cellClip) ? sum : Math.max(-cellClip, Math.min(cellClip, sum));
      expectedC[2 + j] = clipped;
      expectedM[1 + j] = clipped;
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
