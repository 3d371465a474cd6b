package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fast {@link Gemm} against {@link ReferenceGemm} over edge shapes (0, 1, tile − 1, tile,
 * tile + 1 and odd sizes in m, n and k), with offsets and leading dimensions wider than the matrices.
 */
class GemmDifferentialTest {

  /**
   * The reference rounds a product and a sum per term where the kernels fuse them, so the two may
   * differ by a few roundings per term: allowed |difference| ≤ this × k × Σ|a·b| (+ the same on |c|).
   */
  private static final double ROUNDING_PER_TERM = 2 * Math.ulp(1f);

  /** Offsets and leading-dimension slack, so strides are exercised and out-of-tile writes show. */
  private static final int A_OFFSET = 3;
  private static final int C_OFFSET = 5;
  private static final int LDA_SLACK = 2;
  private static final int LDC_SLACK = 3;

  static List<Gemm> fastGemms() {
    return List.of(new TiledGemm(), new ScalarGemm());
  }

  static Stream<Object[]> cases() {
    int mr = TiledGemm.MR;
    int nr = TiledGemm.NR;
    int kc = TiledGemm.KC;
    int[] ms = {0, 1, mr - 1, mr, mr + 1, 2 * mr + 3, 13};
    int[] ks = {0, 1, 7, kc - 1, kc, kc + 1, 2 * kc + 37};
    int[] ns = {0, 1, nr - 1, nr, nr + 1, 2 * nr + 5, 19};
    List<Object[]> cases = new ArrayList<>();
    for (Gemm gemm : fastGemms()) {
      for (int m : ms) {
        for (int k : ks) {
          for (int n : ns) {
            cases.add(new Object[] {gemm, m, k, n});
          }
        }
      }
      cases.add(new Object[] {gemm, TiledGemm.MC + 1, 9, nr + 3}); // past one row block
      cases.add(new Object[] {gemm, mr + 1, kc + 1, TiledGemm.NC + nr + 5}); // past one column block
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} m={1} k={2} n={3}")
  @MethodSource("cases")
  void agreesWithReferenceAndWritesOnlyItsTile(Gemm gemm, int m, int k, int n) {
    Random random = new Random(31L * m + 7L * k + n);
    int lda = k + LDA_SLACK;
    int ldc = n + LDC_SLACK;
    float[] a = randomValues(random, A_OFFSET + Math.max(m, 1) * lda);
    float[] b = randomValues(random, k * n);
    float[] c0 = randomValues(random, C_OFFSET + Math.max(m, 1) * ldc);

    float[] expected = c0.clone();
    Gemm reference = new ReferenceGemm();
    reference.multiplyAdd(m, a, A_OFFSET, lda, reference.pack(b, k, n), expected, C_OFFSET, ldc);
    float[] actual = c0.clone();
    gemm.multiplyAdd(m, a, A_OFFSET, lda, gemm.pack(b, k, n), actual, C_OFFSET, ldc);

    assertAgreesInsideAndUntouchedOutside(gemm, m, k, n, ldc, c0, expected, actual, (i, j) -> {
      double magnitude = Math.abs(c0[C_OFFSET + i * ldc + j]);
      for (int p = 0; p < k; p++) {
        magnitude += Math.abs((double) a[A_OFFSET + i * lda + p] * b[p * n + j]);
      }
      return magnitude;
    });
  }

  /** The sum of the magnitudes of the terms that make C[i][j]: what a rounding is relative to. */
  private interface TermMagnitude {
    double of(int i, int j);
  }

  private static void assertAgreesInsideAndUntouchedOutside(Gemm gemm, int m, int k, int n, int ldc,
      float[] c0, float[] expected, float[] actual, TermMagnitude magnitude) {
    for (int idx = 0; idx < c0.length; idx++) {
      int rel = idx - C_OFFSET;
      int i = rel / ldc;
      int j = rel % ldc;
      if (rel < 0 || i >= m || j >= n) {
        assertEquals(c0[idx], actual[idx], 0f, "wrote outside C at index " + idx);
        continue;
      }
      double allowed = ROUNDING_PER_TERM * (k + 1) * magnitude.of(i, j);
      assertTrue(Math.abs(expected[idx] - actual[idx]) <= allowed,
          "C[" + i + "][" + j + "]: reference " + expected[idx] + ", " + gemm.name() + " "
              + actual[idx] + ", allowed difference " + allowed);
    }
  }

  static Stream<Object[]> affineCases() {
    int mr = TiledGemm.MR;
    int nr = TiledGemm.NR;
    int kc = TiledGemm.KC;
    int[] ms = {0, 1, mr - 1, mr, mr + 1, 13};
    int[][] splits = {{0, 0}, {0, 5}, {3, 0}, {1, 1}, {7, 9}, {kc - 2, 5}, {5, kc + 3}};
    int[] ns = {0, 1, nr - 1, nr, nr + 1, 2 * nr + 5};
    List<Object[]> cases = new ArrayList<>();
    for (Gemm gemm : fastGemms()) {
      for (int m : ms) {
        for (int[] split : splits) {
          for (int n : ns) {
            cases.add(new Object[] {gemm, m, split[0], split[1], n});
          }
        }
      }
    }
    return cases.stream();
  }

  /** The cell's pre-activation {@code bias + [A1 | A2]·B}, with A1 and A2 in different arrays. */
  @ParameterizedTest(name = "{0} m={1} k1={2} k2={3} n={4}")
  @MethodSource("affineCases")
  void affineAgreesWithReferenceAndWritesOnlyItsTile(Gemm gemm, int m, int k1, int k2, int n) {
    Random random = new Random(31L * m + 7L * k1 + 5L * k2 + n);
    int k = k1 + k2;
    int lda1 = k1 + LDA_SLACK;
    int lda2 = k2 + 1;
    float[] a1 = randomValues(random, A_OFFSET + Math.max(m, 1) * lda1);
    float[] a2 = randomValues(random, 1 + Math.max(m, 1) * lda2);
    float[] b = randomValues(random, k * n);
    float[] bias = randomValues(random, n);
    int ldc = n + LDC_SLACK;
    float[] c0 = randomValues(random, C_OFFSET + Math.max(m, 1) * ldc);

    float[] expected = c0.clone();
    Gemm reference = new ReferenceGemm();
    reference.affine(m, a1, A_OFFSET, lda1, k1, a2, 1, lda2, reference.pack(b, k, n), bias, expected,
        C_OFFSET, ldc);
    float[] actual = c0.clone();
    gemm.affine(m, a1, A_OFFSET, lda1, k1, a2, 1, lda2, gemm.pack(b, k, n), bias, actual, C_OFFSET, ldc);

    assertAgreesInsideAndUntouchedOutside(gemm, m, k, n, ldc, c0, expected, actual, (i, j) -> {
      double magnitude = Math.abs(bias[j]);
      for (int p = 0; p < k; p++) {
        float ap = p < k1 ? a1[A_OFFSET + i * lda1 + p] : a2[1 + i * lda2 + p - k1];
        magnitude += Math.abs((double) ap * b[p * n + j]);
      }
      return magnitude;
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastGemms")
  void affineRejectsASplitPastTheRowsOfBAndAShortBias(Gemm gemm) {
    PackedMatrix b = gemm.pack(new float[6], 3, 2);
    IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
        () -> gemm.affine(1, new float[4], 0, 4, 4, new float[1], 0, 1, b, new float[2], new float[2], 0, 2));
    assertEquals("bad affine split: k1=4 of the k=3 rows of B (n=2)", split.getMessage());
    IllegalArgumentException bias = assertThrows(IllegalArgumentException.class,
        () -> gemm.affine(1, new float[1], 0, 1, 1, new float[2], 0, 2, b, new float[1], new float[2], 0, 2));
    assertEquals("affine bias has 1 values for n=2", bias.getMessage());
  }

  static float[] randomValues(Random random, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = random.nextFloat() * 2f - 1f;
    }
    return v;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastGemms")
  void rejectsMatricesPackedByAnotherGemm(Gemm gemm) {
    PackedMatrix foreign = new ReferenceGemm().pack(new float[4], 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> gemm.multiplyAdd(1, new float[2], 0, 2, foreign, new float[2], 0, 2));
    assertTrue(e.getMessage().contains("packed by another Gemm"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastGemms")
  void rejectsAnAThatIsTooShortNamingTheShape(Gemm gemm) {
    PackedMatrix b = gemm.pack(new float[6], 3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> gemm.multiplyAdd(2, new float[5], 0, 3, b, new float[4], 0, 2));
    assertTrue(e.getMessage().contains("m=2 k=3 n=2"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastGemms")
  void leavesCUnchangedWhenKIsZero(Gemm gemm) {
    float[] c = {1f, 2f, 3f, 4f};
    gemm.multiplyAdd(2, new float[0], 0, 0, gemm.pack(new float[0], 0, 2), c, 0, 2);
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, c);
  }
}
