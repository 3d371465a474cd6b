package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Gemm} contract's determinism: a row of C comes out bit for bit the same whether it is
 * computed alone or at any position of a batch of any size.
 */
class GemmDeterminismTest {
  private static final int K = 2 * TiledGemm.KC + 19; // several k blocks
  private static final int N = 3 * TiledGemm.NR + 7; // full panels and a leftover
  private static final int BATCH = 64;

  static List<Gemm> gemms() {
    return List.of(new TiledGemm(), new ScalarGemm());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gemms")
  void aRowAloneEqualsTheSameRowInAnyBatch(Gemm gemm) {
    Random random = new Random(4);
    float[] a = GemmDifferentialTest.randomValues(random, BATCH * K);
    float[] c0 = GemmDifferentialTest.randomValues(random, BATCH * N);
    PackedMatrix b = gemm.pack(GemmDifferentialTest.randomValues(random, K * N), K, N);

    float[] whole = c0.clone();
    gemm.multiplyAdd(BATCH, a, 0, K, b, whole, 0, N);
    for (int i = 0; i < BATCH; i++) {
      float[] alone = Arrays.copyOfRange(c0, i * N, (i + 1) * N);
      gemm.multiplyAdd(1, a, i * K, K, b, alone, 0, N);
      assertArrayEquals(Arrays.copyOfRange(whole, i * N, (i + 1) * N), alone, "row " + i);
    }
    // an odd-sized batch starting at an odd row puts rows at other tile positions
    float[] part = c0.clone();
    gemm.multiplyAdd(BATCH - 12, a, 5 * K, K, b, part, 5 * N, N);
    assertArrayEquals(Arrays.copyOfRange(whole, 5 * N, (BATCH - 7) * N),
        Arrays.copyOfRange(part, 5 * N, (BATCH - 7) * N));
  }

  @Test
  void tiledAndScalarKernelsGiveTheSameBits() {
    Random random = new Random(5);
    float[] a = GemmDifferentialTest.randomValues(random, BATCH * K);
    float[] b = GemmDifferentialTest.randomValues(random, K * N);
    float[] c0 = GemmDifferentialTest.randomValues(random, BATCH * N);
    float[] tiled = c0.clone();
    float[] scalar = c0.clone();
    Gemm t = new TiledGemm();
    Gemm s = new ScalarGemm();
    t.multiplyAdd(BATCH, a, 0, K, t.pack(b, K, N), tiled, 0, N);
    s.multiplyAdd(BATCH, a, 0, K, s.pack(b, K, N), scalar, 0, N);
    assertArrayEquals(tiled, scalar);
  }

  @Test
  void preferredIsTheTiledKernelWhenTheVectorModuleIsPresentAndScalarOtherwise() {
    assertEquals(TiledGemm.class, Gemms.choose(true).getClass());
    assertEquals(ScalarGemm.class, Gemms.choose(false).getClass());
    assertEquals(Gemms.vectorModulePresent() ? TiledGemm.class : ScalarGemm.class,
        Gemms.preferred().getClass());
  }
}
