package dev.unroll.math;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.model.Layer;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import java.util.Arrays;
import java.util.Random;

/**
 * Run by {@link NarrowVectorsTest} in a JVM of its own whose vectors are capped at 256 bits: the tiled
 * kernels against one FMA chain per element, the tiling of a row-major operand (8 × 8 blocks transposed in
 * registers) against the element-by-element copy, and the tiled unroll against the scalar one, bit for bit.
 * Prints the kernel's vector width and panel widths, then one line per mismatch and their count.
 */
public final class NarrowVectorsCheck {
  private static int mismatches;

  private NarrowVectorsCheck() {}

  public static void main(String[] args) {
    Gemm tiled = new TiledGemm();
    System.out.println("gemm=" + tiled.name() + " wide=" + TiledGemm.WIDE + " narrow=" + TiledGemm.NARROW);
    int tr = TiledGemm.TR;
    int[][] shapes = {{1, 1, 1}, {tr - 1, 63, 5}, {tr + 1, 65, 6}, {tr + 1, 64, 7}, {3 * tr + 5, 40, 64},
        {2 * tr, 2 * TiledGemm.CHUNK + 3, 13}}; // the last: k in three chunks, later ones from C
    for (int[] s : shapes) {
      multiplyAdd(tiled, s[0], s[1], s[2]);
      affine(tiled, s[0], s[1] / 3, s[1] - s[1] / 3, s[2]);
    }
    int[][] tilings = {{1, 1}, {8, 8}, {tr, 16}, {tr + 9, 17}, {3 * tr + 7, 64}, {5, 40}};
    for (int[] t : tilings) {
      toTiles(tiled, t[0], t[1]);
    }
    Random r = new Random(21);
    unroll("LSTM 5 -> 37", new LstmCell(5, 37, 0, values(r, 5 * 148), values(r, 37 * 148), values(r, 148), null,
        null, LstmCell.Options.DEFAULT));
    unroll("GRU 5 -> 31", new GruCell(5, 31, values(r, 5 * 93), values(r, 31 * 93), values(r, 93), null, false,
        Activation.SIGMOID, Activation.TANH, Float.NaN));
    unroll("RNN 5 -> 40", new SimpleRnnCell(5, 40, values(r, 5 * 40), values(r, 40 * 40), values(r, 40),
        Activation.TANH, Float.NaN));
    System.out.println("mismatches=" + mismatches);
  }

  private static void multiplyAdd(Gemm gemm, int m, int k, int n) {
    Random random = new Random(m * 31L + k * 7L + n);
    float[] a = values(random, m * k);
    float[] b = values(random, k * n);
    float[] c = values(random, m * n);
    float[] expected = GemmDeterminismTest.fmaChains(m, a, k, new float[0], 0, b, n, c);
    gemm.multiplyAdd(m, a, 0, k, gemm.pack(b, k, n), c, 0, n);
    compare("multiplyAdd m=" + m + " k=" + k + " n=" + n, expected, c);
  }

  private static void affine(Gemm gemm, int m, int k1, int k2, int n) {
    Random random = new Random(m * 37L + k1 * 11L + n);
    float[] a1 = values(random, m * k1);
    float[] a2 = values(random, m * k2);
    float[] b = values(random, (k1 + k2) * n);
    float[] bias = values(random, n);
    float[] start = new float[m * n];
    for (int i = 0; i < m; i++) {
      System.arraycopy(bias, 0, start, i * n, n);
    }
    float[] expected = GemmDeterminismTest.fmaChains(m, a1, k1, a2, k2, b, n, start);
    float[] c = new float[m * n];
    gemm.affine(m, a1, 0, k1, k1, a2, 0, k2, gemm.pack(b, k1 + k2, n), bias, c, 0, n);
    compare("affine m=" + m + " k=" + k1 + "+" + k2 + " n=" + n, expected, c);
  }

  /** Rows at a stride past their width and a tiled offset, as a step's input is read in place. */
  private static void toTiles(Gemm gemm, int m, int cols) {
    int stride = cols + 3;
    float[] src = values(new Random(m * 13L + cols), 7 + m * stride);
    int size = 5 + RowTiles.paddedRows(m, TiledGemm.TR) * cols;
    float[] expected = new float[size];
    Arrays.fill(expected, 9f); // the padding rows must come back 0, and nothing outside the tiles change
    float[] actual = expected.clone();
    RowTiles.toTiles(src, 7, stride, m, cols, expected, 5, TiledGemm.TR);
    gemm.toTiles(src, 7, stride, m, cols, actual, 5);
    compare("toTiles m=" + m + " cols=" + cols, expected, actual);
  }

  private static void unroll(String name, Cell cell) {
    Random random = new Random(22);
    int count = 40;
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      lengths[i] = 1 + random.nextInt(17);
    }
    SequenceBatch batch = new SequenceBatch(count, 5, lengths, values(random, Arrays.stream(lengths).sum() * 5));
    RnnModel model = RnnModel.of(Layer.of(cell));
    UnrollResult tiled = new Unroller(PreparedModel.prepare(model, new TiledGemm())).unroll(batch, true);
    UnrollResult scalar = new Unroller(PreparedModel.prepare(model, new ScalarGemm())).unroll(batch, true);
    compare(name + ": h", scalar.finalStates().get(0).h(), tiled.finalStates().get(0).h());
    if (scalar.finalStates().get(0).c() != null) {
      compare(name + ": c", scalar.finalStates().get(0).c(), tiled.finalStates().get(0).c());
    }
    compare(name + ": outputs", scalar.outputs(), tiled.outputs());
  }

  private static void compare(String what, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        System.out.println("MISMATCH " + what + " at " + i + ": expected " + expected[i] + ", found " + actual[i]);
        mismatches++;
        return;
      }
    }
  }

  private static float[] values(Random random, int n) {
    return GemmDifferentialTest.randomValues(random, n);
  }
}
