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
 * Every fast {@link Gemm}, and {@link ReferenceGemm}, against a float64 plain loop over edge shapes
 * (0, 1, tile − 1, tile, tile + 1 and odd sizes in m, n and k), with offsets and leading dimensions
 * wider than the matrices: each element within the worst-case float32 rounding of its sum.
 */
class GemmDifferentialTest {

  /** The unit roundoff of float32 and of float64 (half an ulp of 1). */
  private static final double U32 = 0x1p-24;
  private static final double U64 = 0x1p-53;

  /** Offsets and leading-dimension slack, so strides are exercised and out-of-tile writes show. */
  private static final int A_OFFSET = 3;
  private static final int C_OFFSET = 5;
  private static final int LDA_SLACK = 2;
  private static final int LDC_SLACK = 3;

  static List<Gemm> fastGemms() {
    return List.of(new TiledGemm(), new ScalarGemm());
  }

  static Stream<Object[]> cases() {
    int mr = TiledGemm.TR;
    int nr = TiledGemm.WIDE;
    int kc = 64;
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
      cases.add(new Object[] {gemm, 5 * mr + 1, 9, nr + 3}); // several tiles and a part
      cases.add(new Object[] {gemm, mr + 1, kc + 1, 40 * nr + 5}); // many panels
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

    // float64 plain loop: the exact value up to k·2^-53 relative, and each term's magnitude
    double[] exact = new double[c0.length];
    double[] magnitude = new double[c0.length];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int at = C_OFFSET + i * ldc + j;
        exact[at] = c0[at];
        magnitude[at] = Math.abs(c0[at]);
        for (int p = 0; p < k; p++) {
          double term = (double) a[A_OFFSET + i * lda + p] * b[p * n + j];
          exact[at] += term;
          magnitude[at] += Math.abs(term);
        }
      }
    }
    for (Gemm g : List.of(new ReferenceGemm(), gemm)) {
      float[] actual = c0.clone();
      g.multiplyAdd(m, a, A_OFFSET, lda, g.pack(b, k, n), actual, C_OFFSET, ldc);
      assertWithinRoundingInsideAndUntouchedOutside(g, m, k + 1, n, ldc, c0, exact, magnitude, actual);
    }
  }

  /**
   * The float32 sum of {@code terms} values (C or the bias, then k products), in any order and with
   * or without fused multiply-adds, is within {@code γ(terms)·Σ|term|} of the exact sum, where
   * {@code γ(t) = t·u / (1 − t·u)} and u = 2^-24 (Higham, Accuracy and Stability of Numerical
   * Algorithms, 2nd ed., §3.1: each term passes through at most one product and t − 1 sums). The
   * float64 loop that stands for the exact sum is itself within {@code γ(terms)} with u = 2^-53, so
   * that is the only allowance added: the bound is the rigorous worst case, a safety factor of 1.
   */
  static double allowedError(int terms, double magnitude) {
    return (gamma(terms, U32) + gamma(terms, U64)) * magnitude;
  }

  private static double gamma(int terms, double unitRoundoff) {
    return terms * unitRoundoff / (1 - terms * unitRoundoff);
  }

  private static void assertWithinRoundingInsideAndUntouchedOutside(Gemm gemm, int m, int terms, int n,
      int ldc, float[] c0, double[] exact, double[] magnitude, float[] actual) {
    for (int idx = 0; idx < c0.length; idx++) {
      int rel = idx - C_OFFSET;
      int i = rel / ldc;
      int j = rel % ldc;
      if (rel < 0 || i >= m || j >= n) {
        assertEquals(c0[idx], actual[idx], 0f, gemm.name() + " wrote outside C at index " + idx);
        continue;
      }
      double allowed = allowedError(terms, magnitude[idx]);
      assertTrue(Math.abs(actual[idx] - exact[idx]) <= allowed,
          "C[" + i + "][" + j + "]: exact " + exact[idx] + ", " + gemm.name() + " " + actual[idx]
              + ", allowed error " + allowed + " over " + terms + " terms");
    }
  }

  static Stream<Object[]> affineCases() {
    int mr = TiledGemm.TR;
    int nr = TiledGemm.WIDE;
    int kc = 64;
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

    double[] exact = new double[c0.length];
    double[] magnitude = new double[c0.length];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int at = C_OFFSET + i * ldc + j;
        exact[at] = bias[j];
        magnitude[at] = Math.abs(bias[j]);
        for (int p = 0; p < k; p++) {
          float ap = p < k1 ? a1[A_OFFSET + i * lda1 + p] : a2[1 + i * lda2 + p - k1];
          double term = (double) ap * b[p * n + j];
          exact[at] += term;
          magnitude[at] += Math.abs(term);
        }
      }
    }
    for (Gemm g : List.of(new ReferenceGemm(), gemm)) {
      float[] actual = c0.clone();
      g.affine(m, a1, A_OFFSET, lda1, k1, a2, 1, lda2, g.pack(b, k, n), bias, actual, C_OFFSET, ldc);
      assertWithinRoundingInsideAndUntouchedOutside(g, m, k + 1, n, ldc, c0, exact, magnitude, actual);
    }
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
