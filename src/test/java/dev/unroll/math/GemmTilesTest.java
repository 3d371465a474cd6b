package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link RowTiles} layout of {@link Gemm#affineTiles} and {@link Gemm#toTiles}: a tiled operand
 * holds element (i, j) where the layout's formula says, padding rows are zero, and the tiled product
 * gives the row-major product's bits.
 */
class GemmTilesTest {

  static List<Gemm> gemms() {
    return List.of(new TiledGemm(), new ScalarGemm(), new ReferenceGemm());
  }

  static Stream<Object[]> copyCases() {
    int tr = TiledGemm.TR;
    int[] ms = {0, 1, 15, 16, 17, tr - 1, tr, tr + 1, tr + 16, 3 * tr + 5};
    int[] cols = {1, 15, 16, 17, 33, 64};
    List<Object[]> cases = new ArrayList<>();
    for (Gemm gemm : gemms()) {
      for (int m : ms) {
        for (int c : cols) {
          cases.add(new Object[] {gemm, m, c});
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} m={1} cols={2}")
  @MethodSource("copyCases")
  void toTilesPutsEachElementWhereTheLayoutSaysAndZerosThePadding(Gemm gemm, int m, int cols) {
    int stride = cols + 3; // rows apart, as a batch read in place
    int offset = 7;
    float[] src = new float[offset + m * stride];
    for (int i = 0; i < src.length; i++) {
      src[i] = i + 1; // no zero: a missed element shows
    }
    int tr = gemm.tileRows();
    int rows = RowTiles.paddedRows(m, tr);
    float[] dst = new float[5 + rows * cols + 4];
    Arrays.fill(dst, Float.NaN);
    gemm.toTiles(src, offset, stride, m, cols, dst, 5);
    float[] expected = new float[dst.length];
    Arrays.fill(expected, Float.NaN);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int at = 5 + (i / tr) * cols * tr + j * tr + i % tr;
        expected[at] = i < m ? src[offset + i * stride + j] : 0f;
      }
    }
    assertArrayEquals(expected, dst);
    float[] back = new float[m * cols];
    RowTiles.fromTiles(dst, 5, cols, tr, 0, m, back, 0, cols);
    for (int i = 0; i < m; i++) {
      assertArrayEquals(Arrays.copyOfRange(src, offset + i * stride, offset + i * stride + cols),
          Arrays.copyOfRange(back, i * cols, (i + 1) * cols), "row " + i + " back from its tile");
    }
  }

  static Stream<Object[]> productCases() {
    int tr = TiledGemm.TR;
    int nb = TiledGemm.WIDE;
    int[] ms = {1, tr - 1, tr, tr + 1, 2 * tr + 7};
    int[][] splits = {{0, 5}, {3, 0}, {1, 1}, {17, 40}, {64, 128}};
    int[] ns = {1, nb - 1, nb, nb + 1, 3 * nb + 5, 64}; // 64: wide panels and two narrow ones, none left
    List<Object[]> cases = new ArrayList<>();
    for (Gemm gemm : gemms()) {
      for (int m : ms) {
        for (int[] split : splits) {
          for (int n : ns) {
            cases.add(new Object[] {gemm, m, split[0], split[1], n});
          }
        }
      }
      // B over one block of panels (192 × 354 floats, 272 KB): the tiles loop inside each block
      int blockOverflow = TiledGemm.BLOCK_BYTES / (192 * Float.BYTES) + nb + 5;
      cases.add(new Object[] {gemm, 2 * tr + 7, 64, 128, blockOverflow});
      cases.add(new Object[] {gemm, tr, 64, 128, blockOverflow});
      // k over one chunk of A's columns: the chunks' border in A2, in A1, and three chunks of A1 alone
      int chunk = TiledGemm.CHUNK;
      cases.add(new Object[] {gemm, 2 * tr + 7, 100, chunk + 50, 3 * nb + 5});
      cases.add(new Object[] {gemm, 2 * tr + 7, chunk + 50, 100, 3 * nb + 5});
      cases.add(new Object[] {gemm, tr + 1, 2 * chunk + 1, 0, 2 * nb});
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} m={1} k1={2} k2={3} n={4}")
  @MethodSource("productCases")
  void affineTilesGivesTheRowMajorAffinesBitsForEveryRow(Gemm gemm, int m, int k1, int k2, int n) {
    Random random = new Random(31L * m + 7L * k1 + k2 + 1000L * n);
    float[] a1 = GemmDifferentialTest.randomValues(random, m * k1);
    float[] a2 = GemmDifferentialTest.randomValues(random, m * k2);
    float[] w = GemmDifferentialTest.randomValues(random, (k1 + k2) * n);
    float[] bias = GemmDifferentialTest.randomValues(random, n);
    PackedMatrix b = gemm.pack(w, k1 + k2, n);
    float[] rowMajor = new float[m * n];
    gemm.affine(m, a1, 0, k1, k1, a2, 0, k2, b, bias, rowMajor, 0, n);

    int tr = gemm.tileRows();
    int rows = RowTiles.paddedRows(m, tr);
    float[] t1 = new float[3 + rows * k1];
    float[] t2 = new float[rows * k2];
    gemm.toTiles(a1, 0, k1, m, k1, t1, 3);
    gemm.toTiles(a2, 0, k2, m, k2, t2, 0);
    float[] tc = new float[2 + rows * n];
    gemm.affineTiles(m, t1, 3, k1, t2, 0, b, bias, tc, 2);
    float[] back = new float[m * n];
    RowTiles.fromTiles(tc, 2, n, tr, 0, m, back, 0, n);
    assertArrayEquals(rowMajor, back);
    if (!(gemm instanceof ReferenceGemm)) { // the fast kernels: one fused multiply-add chain, worked out here
      float[] expected = GemmDeterminismTest.fmaChains(m, a1, k1, a2, k2, w, n, biasRows(bias, m, n));
      assertArrayEquals(expected, back);
    }
  }

  private static float[] biasRows(float[] bias, int m, int n) {
    float[] c = new float[m * n];
    for (int i = 0; i < m; i++) {
      System.arraycopy(bias, 0, c, i * n, n);
    }
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gemms")
  void aTiledProductOfNoTermsIsTheBiasInEveryRowOfEveryTile(Gemm gemm) {
    int m = 3;
    int tr = gemm.tileRows();
    int rows = RowTiles.paddedRows(m, tr);
    float[] bias = {1.5f, -2f, 3f};
    float[] c = new float[rows * 3];
    gemm.affineTiles(m, new float[0], 0, 0, new float[0], 0, gemm.pack(new float[0], 0, 3), bias, c, 0);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(bias[j], c[RowTiles.index(i, j, 3, tr)], "row " + i + ", column " + j);
      }
    }
  }
}
