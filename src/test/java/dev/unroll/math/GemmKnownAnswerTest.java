package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Products small enough to check by hand; small integers, so every kernel must be exact. */
class GemmKnownAnswerTest {

  static java.util.List<Gemm> gemms() {
    return java.util.List.of(new ReferenceGemm(), new TiledGemm(), new ScalarGemm());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gemms")
  void addsTheProductToC(Gemm gemm) {
    float[] a = {1, 2, 3,
                 4, 5, 6};
    float[] b = {7, 8,
                 9, 10,
                 11, 12};
    float[] c = {1, 1,
                 -1, 0};
    gemm.multiplyAdd(2, a, 0, 3, gemm.pack(b, 3, 2), c, 0, 2);
    // row 0: 1·7 + 2·9 + 3·11 = 58, 1·8 + 2·10 + 3·12 = 64; row 1: 139, 154
    assertArrayEquals(new float[] {59, 65, 138, 154}, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gemms")
  void identityTimesBIsBAcrossTwoPanelsAndALeftover(Gemm gemm) {
    int n = 2 * TiledGemm.WIDE + 3;
    int k = 5;
    float[] b = new float[k * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = i;
    }
    float[] identity = new float[k * k];
    for (int i = 0; i < k; i++) {
      identity[i * k + i] = 1;
    }
    float[] c = new float[k * n];
    gemm.multiplyAdd(k, identity, 0, k, gemm.pack(b, k, n), c, 0, n);
    assertArrayEquals(b, c);
  }
}
