package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Activations#lstmRow}, the fused element-wise LSTM step, gives the same bits as the same
 * implementation's block-by-block activations followed by the cell update.
 */
class LstmRowTest {
  private static final int UNITS = 37; // two vectors and a tail with AVX-512

  static Stream<Arguments> cases() {
    return Stream.of(Activations.scalar(), VectorActivations.INSTANCE)
        .flatMap(a -> Stream.of(Arguments.of(a, Float.NaN), Arguments.of(a, 0.5f)));
  }

  @ParameterizedTest(name = "{0} cellClip={1}")
  @MethodSource("cases")
  void fusedRowEqualsBlockByBlockSteps(Activations acts, float cellClip) {
    Random r = new Random(9);
    float[] gates = GemmDifferentialTest.randomValues(r, 4 * UNITS + 3);
    for (int k = 0; k < gates.length; k++) {
      gates[k] *= 6f; // reach both branches of tanh and the flat parts of sigmoid
    }
    float[] c = GemmDifferentialTest.randomValues(r, UNITS + 2);

    float[] fusedC = c.clone();
    float[] fusedM = new float[UNITS + 1];
    acts.lstmRow(gates.clone(), 3, UNITS, fusedC, 2, fusedM, 1, cellClip);

    float[] g = gates.clone();
    float[] expectedC = c.clone();
    float[] expectedM = new float[UNITS + 1];
    acts.apply(Activation.SIGMOID, g, 3, 2 * UNITS);
    acts.apply(Activation.TANH, g, 3 + 2 * UNITS, UNITS);
    acts.apply(Activation.SIGMOID, g, 3 + 3 * UNITS, UNITS);
    for (int j = 0; j < UNITS; j++) {
      float cNew = Activations.clamp(g[3 + UNITS + j] * c[2 + j] + g[3 + j] * g[3 + 2 * UNITS + j], cellClip);
      expectedC[2 + j] = cNew;
      expectedM[1 + j] = cNew;
    }
    acts.apply(Activation.TANH, expectedM, 1, UNITS);
    for (int j = 0; j < UNITS; j++) {
      expectedM[1 + j] *= g[3 + 3 * UNITS + j];
    }
    assertArrayEquals(expectedC, fusedC);
    assertArrayEquals(expectedM, fusedM);
  }

}
