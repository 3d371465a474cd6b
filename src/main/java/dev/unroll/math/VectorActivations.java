package dev.unroll.math;

import static dev.unroll.math.FloatFunctions.E2;
import static dev.unroll.math.FloatFunctions.E3;
import static dev.unroll.math.FloatFunctions.E4;
import static dev.unroll.math.FloatFunctions.E5;
import static dev.unroll.math.FloatFunctions.E6;
import static dev.unroll.math.FloatFunctions.E7;
import static dev.unroll.math.FloatFunctions.E8;
import static dev.unroll.math.FloatFunctions.EXP_HI;
import static dev.unroll.math.FloatFunctions.EXP_LO;
import static dev.unroll.math.FloatFunctions.LN2_HI;
import static dev.unroll.math.FloatFunctions.LN2_LO;
import static dev.unroll.math.FloatFunctions.LOG2E;
import static dev.unroll.math.FloatFunctions.ROUND_MAGIC;
import static dev.unroll.math.FloatFunctions.ROUND_MAGIC_BITS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sigmoid and tanh on {@code jdk.incubator.vector} lanes, within 3 ulp of the double-precision
 * sigmoid and {@link Math#tanh} (see {@code VectorActivationsTest}); other activations go to
 * the scalar {@link Activation#apply}.
 *
 * <p>Both rest on expm1: {@code y = n·ln2 + r} with n the nearest integer to {@code y·log2(e)} and
 * {@code |r| ≤ ln2/2} (Cody–Waite: ln2 split in a short high part and a low part), {@code expm1(r)} by
 * its Taylor polynomial to degree 8 (truncation below 2e-8 relative), and
 * {@code expm1(y) = 2^n·expm1(r) + (2^n − 1)} in one FMA with 2^n built in the exponent bits: no
 * cancellation near 0. y is clamped to [−87, 88] so 2^n stays a normal float: expm1 saturates there,
 * which sigmoid and tanh never notice (their results are 0 or ±1 to float precision by then).
 *
 * <p>sigmoid: {@code 1 / (2 + expm1(−x))}. tanh: {@code sign(x)·(−e / (2 + e))} with
 * {@code e = expm1(−2|x|)}, relative accuracy kept near 0 and −0 kept −0.
 *
 * <p>Each lane uses only IEEE operations and FMAs, and the scalar tail ({@link FloatFunctions}, also
 * the fallback's activations) repeats them exactly, so an element's result does not depend on whether
 * it fell in a vector or in the tail, nor on whether the vector module was present.
 */
final class VectorActivations implements Activations {
  static final VectorActivations INSTANCE = new VectorActivations();

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  static {
    fillOperatorCaches();
  }

  private VectorActivations() {}

  /**
   * Runs every vector operation of the kernels (this class's and {@link TiledGemm}'s) once per JVM,
   * on a few floats, before any of them can be hot; called from both classes' static initialisers.
   *
   * <p>Why: each lanewise operation looks its implementation up in the Vector API's operator cache
   * ({@code VectorOperators.ImplCache.find}), which fills an entry on the first call through an
   * {@code IntFunction} per vector class. C2 may compile {@code find} on its own while the first
   * batch's matmul still runs (FMA entries only), speculating on the one function class it has seen;
   * the element-wise half's first calls then miss the cache with other classes and hit that
   * speculation's class-check trap. {@code activate} inlines {@code find} at some 25 call sites and C2
   * counts those traps at each: at 100 it stops speculating on classes for the whole compile, the
   * vectors lose their exact types and are boxed. That JVM then runs W4 at 16-19 ms a batch instead
   * of 6.6-7.0, allocating 55 MB a batch instead of 1 MB, for good (2 JVMs of 11 in a row of
   * diagnostic runs under load 3-6, OpenJDK 17; {@code -XX:+LogCompilation} shows
   * {@code observe trap='class_check' ... ccount='100'} only in those). With every entry filled here,
   * in the interpreter, no compiled {@code find} ever misses the cache, so it has no trap to hit.
   */
  static void fillOperatorCaches() {
    OperatorCaches.fill();
  }

  /** Its initialiser runs once per JVM, whichever kernel class loads first. */
  private static final class OperatorCaches {
    static {
      int n = 2 * S.length() + 1; // whole vectors and a scalar tail
      float[] gates = new float[4 * n];
      for (int j = 0; j < gates.length; j++) {
        gates[j] = j % 7 - 3f;
      }
      float[] c = new float[n];
      float[] h = new float[n];
      for (float clip : new float[] {Float.NaN, 1f}) { // the clipped cell update adds max and min
        INSTANCE.lstmSigmoidTanh(gates, c, h, n, clip);
        INSTANCE.lstmCellUpdate(gates, 0, n, 2 * n, c, 0, h, 0, n, clip);
      }
      INSTANCE.apply(Activation.SIGMOID, gates, 0, n);
      INSTANCE.applyInto(Activation.TANH, gates, 0, h, 0, n);
      INSTANCE.multiply(gates, 0, h, 0, c, 0, n);
      INSTANCE.gruUpdate(gates, 0, n, h, 0, n);
    }

    static void fill() {} // loading the class is the work
  }

  @Override
  public void apply(Activation act, float[] v, int offset, int length) {
    switch (act.kind()) {
      case SIGMOID -> activate(STORE, true, v, offset, v, offset, null, 0, null, 0, length, Float.NaN);
      case TANH -> activate(STORE, false, v, offset, v, offset, null, 0, null, 0, length, Float.NaN);
      default -> act.applyInPlace(v, offset, length);
    }
  }

  @Override
  public void applyInto(Activation act, float[] v, int offset, float[] out, int outOffset, int length) {
    switch (act.kind()) {
      case SIGMOID -> activate(STORE, true, v, offset, out, outOffset, null, 0, null, 0, length, Float.NaN);
      case TANH -> activate(STORE, false, v, offset, out, outOffset, null, 0, null, 0, length, Float.NaN);
      default -> {
        System.arraycopy(v, offset, out, outOffset, length);
        act.applyInPlace(out, outOffset, length);
      }
    }
  }

  @Override
  public void lstmCellUpdate(float[] gates, int i, int f, int g, float[] c, int co, float[] m, int mo,
      int length, float cellClip) {
    boolean clipped = cellClip == cellClip;
    int j = 0;
    for (int bound = S.loopBound(length); j < bound; j += S.length()) {
      FloatVector cNew = FloatVector.fromArray(S, gates, f + j).mul(FloatVector.fromArray(S, c, co + j))
          .add(FloatVector.fromArray(S, gates, i + j).mul(FloatVector.fromArray(S, gates, g + j)));
      if (clipped) {
        cNew = cNew.max(-cellClip).min(cellClip);
      }
      cNew.intoArray(c, co + j);
      cNew.intoArray(m, mo + j);
    }
    for (; j < length; j++) {
      float cNew = Activations.clamp(gates[f + j] * c[co + j] + gates[i + j] * gates[g + j], cellClip);
      c[co + j] = cNew;
      m[mo + j] = cNew;
    }
  }

  @Override
  public void multiply(float[] r, int ro, float[] h, int ho, float[] out, int oo, int length) {
    int j = 0;
    for (int bound = S.loopBound(length); j < bound; j += S.length()) {
      FloatVector.fromArray(S, r, ro + j).mul(FloatVector.fromArray(S, h, ho + j)).intoArray(out, oo + j);
    }
    for (; j < length; j++) {
      out[oo + j] = r[ro + j] * h[ho + j];
    }
  }

  @Override
  public void gruUpdate(float[] gates, int z, int n, float[] h, int hr, int units) {
    int j = 0;
    for (int bound = S.loopBound(units); j < bound; j += S.length()) { // z·h + (1 − z)·n
      FloatVector zj = FloatVector.fromArray(S, gates, z + j);
      FloatVector kept = zj.mul(FloatVector.fromArray(S, h, hr + j));
      kept.add(c(1f).sub(zj).mul(FloatVector.fromArray(S, gates, n + j))).intoArray(h, hr + j);
    }
    for (; j < units; j++) {
      float zj = gates[z + j];
      h[hr + j] = zj * h[hr + j] + (1f - zj) * gates[n + j];
    }
  }

  @Override
  public void lstmSigmoidTanh(float[] gates, float[] c, float[] h, int length, float cellClip) {
    int f = length;
    int g = 2 * length;
    int o = 3 * length;
    activate(STORE, true, gates, 0, gates, 0, null, 0, null, 0, 2 * length, Float.NaN); // i and f
    activate(CELL, false, gates, g, c, 0, gates, f, gates, 0, length, cellClip); // c = f·c + i·tanh(g)
    activate(STORE, true, gates, o, gates, o, null, 0, null, 0, length, Float.NaN); // o
    activate(TIMES, false, c, 0, h, 0, gates, o, null, 0, length, Float.NaN); // h = tanh(c)·o
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  /** What {@link #activate} does with {@code s = act(v[j])}: {@code out[j] = s}. */
  private static final int STORE = 0;
  /** {@code out[j] = s·a[j]}. */
  private static final int TIMES = 1;
  /** The LSTM cell update: {@code out[j] = clamp(a[j]·out[j] + b[j]·s, clip)}. */
  private static final int CELL = 2;

  /**
   * Sigmoid (or tanh) of {@code v[vo .. vo+length)}, each result s used as {@code mode} says, in one
   * pass: the products and sums after s are rounded as the separate passes over the whole run
   * ({@link #lstmCellUpdate}, {@link #multiply}) round them, so fusing them here changes no bit. The
   * whole computation sits in this one loop on purpose, both functions sharing one expm1: C2 does not
   * inline a helper this large, and a vector passed to or returned from a method that is not inlined is
   * boxed on the heap, which made it ten times slower; a loop per function in one method, or an exp and
   * an expm1 in this loop, passed C2's node budget and got boxed too
   * (measured: 1.5x to 3x slower, tens of MB per batch). The constants are broadcast once, before the
   * loop: broadcast inside it, the modes' extra nodes got the vectors boxed again (118 MB per W1
   * batch); two expm1 chains per iteration (the loop unrolled to two vectors) still do (400 KB per
   * W1 step), so one vector per iteration it stays.
   */
  private static void activate(int mode, boolean sigmoid, float[] v, int vo, float[] out, int oo,
      float[] a, int ao, float[] b, int bo, int length, float clip) {
    boolean clipped = clip == clip;
    FloatVector expLo = c(EXP_LO);
    FloatVector expHi = c(EXP_HI);
    FloatVector log2e = c(LOG2E);
    FloatVector roundMagic = c(ROUND_MAGIC);
    FloatVector ln2Hi = c(-LN2_HI);
    FloatVector ln2Lo = c(-LN2_LO);
    FloatVector e8 = c(E8);
    FloatVector e7 = c(E7);
    FloatVector e6 = c(E6);
    FloatVector e5 = c(E5);
    FloatVector e4 = c(E4);
    FloatVector e3 = c(E3);
    FloatVector e2 = c(E2);
    FloatVector one = c(1f);
    FloatVector minusTwo = c(-2f);
    int j = 0;
    for (int bound = S.loopBound(length); j < bound; j += S.length()) {
      FloatVector x = FloatVector.fromArray(S, v, vo + j);
      // e^y − 1 with y = −x for sigmoid, −2|x| ≤ 0 for tanh (so only the lower clamp can bite)
      FloatVector y = sigmoid ? x.neg() : x.abs().mul(minusTwo);
      y = y.blend(expLo, y.lt(expLo)); // max(y, EXP_LO) to the bit, in a compare and a blend
      if (sigmoid) {
        y = y.blend(expHi, expHi.lt(y));
      }
      FloatVector t = y.fma(log2e, roundMagic); // the nearest integer n, in the low mantissa bits
      FloatVector n = t.sub(roundMagic);
      FloatVector r = n.fma(ln2Hi, y);
      r = n.fma(ln2Lo, r);
      FloatVector p = e8.fma(r, e7).fma(r, e6).fma(r, e5).fma(r, e4).fma(r, e3).fma(r, e2);
      FloatVector q = r.mul(r).fma(p, r); // expm1(r)
      IntVector bits = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
      FloatVector scale = bits.reinterpretAsFloats(); // 2^n
      FloatVector e = scale.fma(q, scale.sub(1f)); // 2^n·expm1(r) + (2^n − 1), one rounding
      FloatVector s;
      if (sigmoid) {
        s = one.div(e.add(2f));
      } else {
        FloatVector magnitude = e.div(minusTwo.sub(e)).abs(); // abs: tanh(+0) is +0, not +0 / −2
        IntVector sign = x.reinterpretAsInts().and(Integer.MIN_VALUE);
        s = magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
      }
      if (mode == TIMES) {
        s = s.mul(FloatVector.fromArray(S, a, ao + j));
      } else if (mode == CELL) {
        s = FloatVector.fromArray(S, a, ao + j).mul(FloatVector.fromArray(S, out, oo + j))
            .add(FloatVector.fromArray(S, b, bo + j).mul(s));
        if (clipped) {
          s = s.max(-clip).min(clip);
        }
      }
      s.intoArray(out, oo + j);
    }
    for (; j < length; j++) {
      float s = sigmoid ? FloatFunctions.sigmoid(v[vo + j]) : FloatFunctions.tanh(v[vo + j]);
      out[oo + j] = switch (mode) {
        case TIMES -> s * a[ao + j];
        case CELL -> Activations.clamp(a[ao + j] * out[oo + j] + b[bo + j] * s, clip);
        default -> s;
      };
    }
  }

  private static FloatVector c(float value) {
    return FloatVector.broadcast(S, value);
  }
}
