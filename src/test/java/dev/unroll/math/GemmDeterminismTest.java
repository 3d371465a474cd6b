package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Gemm} contract's determinism: a row of C comes out bit for bit the same whether it is
 * computed alone or at any position of a batch of any size, and those bits are the ones the kernels
 * document (one fused multiply-add chain per element, p ascending), worked out by a plain loop here.
 */
class GemmDeterminismTest {
  private static final int K = 2 * 256 + 19; // a long chain
  private static final int N = 3 * TiledGemm.WIDE + 7; // full panels and a leftover
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
    float[] rawB = GemmDifferentialTest.randomValues(random, K * N);
    PackedMatrix b = gemm.pack(rawB, K, N);

    float[] whole = c0.clone();
    gemm.multiplyAdd(BATCH, a, 0, K, b, whole, 0, N);
    assertArrayEquals(fmaChains(BATCH, a, K, new float[0], 0, rawB, N, c0), whole, "the whole batch");
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

  /** Both parts long, the first not a multiple of anything: the chain crosses the seam mid-stride. */
  private static final int K1 = 256 - 5;
  private static final int K2 = 256 + 19;

  @ParameterizedTest(name = "{0}")
  @MethodSource("gemms")
  void affineGivesTheBitsOfABiasFillFollowedByTheTwoProducts(Gemm gemm) {
    Random random = new Random(6);
    float[] a1 = GemmDifferentialTest.randomValues(random, BATCH * K1);
    float[] a2 = GemmDifferentialTest.randomValues(random, BATCH * K2);
    float[] b = GemmDifferentialTest.randomValues(random, (K1 + K2) * N);
    float[] bias = GemmDifferentialTest.randomValues(random, N);

    float[] fused = new float[BATCH * N];
    gemm.affine(BATCH, a1, 0, K1, K1, a2, 0, K2, gemm.pack(b, K1 + K2, N), bias, fused, 0, N);
    float[] biasRows = new float[BATCH * N];
    for (int i = 0; i < BATCH; i++) {
      System.arraycopy(bias, 0, biasRows, i * N, N);
    }
    assertArrayEquals(fmaChains(BATCH, a1, K1, a2, K2, b, N, biasRows), fused);
  }

  /**
   * The documented bits, by a plain loop: each element of C is {@code c = fma(a[p], b[p], c)} for p
   * ascending, over A1's k1 columns and then A2's k2 columns (rows of A1 then A2 as one {@code [A1 | A2]}),
   * starting from {@code c0}.
   */
  static float[] fmaChains(int m, float[] a1, int k1, float[] a2, int k2, float[] b, int n, float[] c0) {
    float[] c = c0.clone();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float acc = c[i * n + j];
        for (int p = 0; p < k1 + k2; p++) {
          float ap = p < k1 ? a1[i * k1 + p] : a2[i * k2 + p - k1];
          acc = Math.fma(ap, b[p * n + j], acc);
        }
        c[i * n + j] = acc;
      }
    }
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gemms")
  void affineRowAloneEqualsTheSameRowInAnyBatch(Gemm gemm) {
    Random random = new Random(7);
    float[] a1 = GemmDifferentialTest.randomValues(random, BATCH * K1);
    float[] a2 = GemmDifferentialTest.randomValues(random, BATCH * K2);
    PackedMatrix b = gemm.pack(GemmDifferentialTest.randomValues(random, (K1 + K2) * N), K1 + K2, N);
    float[] bias = GemmDifferentialTest.randomValues(random, N);

    float[] whole = new float[BATCH * N];
    gemm.affine(BATCH, a1, 0, K1, K1, a2, 0, K2, b, bias, whole, 0, N);
    for (int i = 0; i < BATCH; i++) {
      float[] alone = new float[N];
      gemm.affine(1, a1, i * K1, K1, K1, a2, i * K2, K2, b, bias, alone, 0, N);
      assertArrayEquals(Arrays.copyOfRange(whole, i * N, (i + 1) * N), alone, "row " + i);
    }
  }

  /**
   * Each kernel at edge shapes: single elements, one short of a tile and one past it in m, k and n, and
   * k in three of the tiled kernel's chunks.
   */
  static Stream<Object[]> chainCases() {
    int[][] shapes = {{1, 1, 1}, {TiledGemm.TR - 1, 63, TiledGemm.WIDE - 1},
        {TiledGemm.TR + 1, 65, TiledGemm.WIDE + 1}, {TiledGemm.TR + 5, K, N},
        {TiledGemm.TR + 1, 2 * TiledGemm.CHUNK + 3, TiledGemm.WIDE + 1}}; // k in three chunks, from C
    return gemms().stream().flatMap(g -> Stream.of(shapes).map(s -> new Object[] {g, s[0], s[1], s[2]}));
  }

  @ParameterizedTest(name = "{0} m={1} k={2} n={3}")
  @MethodSource("chainCases")
  void everyKernelGivesTheBitsOfOneFmaChainPerElementInAscendingP(Gemm gemm, int m, int k, int n) {
    Random random = new Random(5L + m + k + n);
    float[] a = GemmDifferentialTest.randomValues(random, m * k);
    float[] b = GemmDifferentialTest.randomValues(random, k * n);
    float[] c = GemmDifferentialTest.randomValues(random, m * n);
    float[] expected = fmaChains(m, a, k, new float[0], 0, b, n, c);
    gemm.multiplyAdd(m, a, 0, k, gemm.pack(b, k, n), c, 0, n);
    assertArrayEquals(expected, c);
  }

  @Test
  void preferredIsTheTiledKernelWhenTheVectorModuleIsPresentAndScalarOtherwise() {
    assertEquals(TiledGemm.class, Gemms.choose(true).getClass());
    assertEquals(ScalarGemm.class, Gemms.choose(false).getClass());
    // the build runs the tests with --add-modules jdk.incubator.vector (pom.xml, surefire argLine)
    assertTrue(Gemms.vectorModulePresent(), "the test JVM lacks jdk.incubator.vector");
    assertEquals(TiledGemm.class, Gemms.preferred().getClass());
    assertSame(VectorActivations.INSTANCE, Activations.preferred());
  }

  @Test
  void theScalarMatmulRunsWithTheScalarActivationsSoItsUnrollHoldsNoVectorCode() {
    assertEquals(ScalarGemm.class, Gemms.scalar().getClass());
    assertSame(Gemms.scalar(), Gemms.scalar());
    assertSame(Activations.scalar(), Activations.forGemm(Gemms.scalar()));
    assertSame(Activations.scalar(), Activations.forGemm(Gemms.choose(false)));
    assertSame(VectorActivations.INSTANCE, Activations.forGemm(Gemms.preferred()));
    assertSame(VectorActivations.INSTANCE, Activations.forGemm(new ReferenceGemm()));
  }
}
