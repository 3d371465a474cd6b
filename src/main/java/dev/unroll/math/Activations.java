package dev.unroll.math;

/**
 * Applies an {@link Activation} to a run of floats in place: the element-wise half of a cell step.
 * {@link #preferred()} gives the vectorised sigmoid and tanh when {@code jdk.incubator.vector} is
 * present, else the scalar loop, whose sigmoid and tanh ({@link FloatFunctions}) give the same bits.
 */
public interface Activations {

  /** {@code v[offset .. offset+length) = act(v[...])}. */
  void apply(Activation act, float[] v, int offset, int length);

  /** {@code out[outOffset .. +length) = act(v[offset .. +length))}, {@code v} untouched. */
  void applyInto(Activation act, float[] v, int offset, float[] out, int outOffset, int length);

  /**
   * The LSTM cell update over a run of {@code length} elements, from the activated i, f and g at
   * {@code gates[i ..]}, {@code gates[f ..]} and {@code gates[g ..]}: {@code c = clamp(f·c + i·g,
   * cellClip)} in place at {@code c[co ..]}, and the same value into {@code m[mo ..]} (where the
   * output activation will run). Each element is rounded as that expression in Java (no fused
   * multiply-add); cellClip NaN means none.
   */
  void lstmCellUpdate(float[] gates, int i, int f, int g, float[] c, int co, float[] m, int mo,
      int length, float cellClip);

  /**
   * The element-wise half of an LSTM step with sigmoid gates, tanh candidate and output, and no
   * peepholes or activation clip, from the pre-activations in blocks {@code i, f, g, o} of
   * {@code length} elements at {@code gates[0 .. 4·length)}: {@code c = clamp(σ(f)·c + σ(i)·tanh(g),
   * cellClip)} in place at {@code c[0 ..]} and {@code h = tanh(c)·σ(o)} into {@code h[0 ..]}. The same
   * bits as {@link #apply} on i and f, g, {@link #lstmCellUpdate}, {@link #apply} on o and c and
   * {@link #multiply} in turn; the gates are left as working space.
   */
  void lstmSigmoidTanh(float[] gates, float[] c, float[] h, int length, float cellClip);

  /**
   * The GRU's gating of the state before its candidate matmul (reset-before form):
   * {@code out[oo + j] = r[ro + j] · h[ho + j]} for j below {@code length}.
   */
  void multiply(float[] r, int ro, float[] h, int ho, float[] out, int oo, int length);

  /**
   * The GRU's state update from the activated z block at {@code gates[z ..]} and n block at
   * {@code gates[n ..]}: {@code h = z·h + (1 − z)·n} in place at {@code h[hr ..]}, each element
   * rounded exactly as that expression in Java (no fused multiply-add).
   */
  void gruUpdate(float[] gates, int z, int n, float[] h, int hr, int units);

  String name();

  /**
   * The scalar path: sigmoid and tanh by {@link FloatFunctions} (the vector lanes' float operations, so
   * the same bits as {@link #preferred()} with the module; about 10x faster than the double-precision
   * {@link Activation#apply}), every other activation by {@link Activation#apply}.
   */
  static Activations scalar() {
    return ScalarActivations.INSTANCE;
  }

  /**
   * The activations an unroll on {@code gemm} runs with: the scalar ones beside {@link ScalarGemm}, so
   * that unroll runs no vector code at all (what a JVM whose vector kernels came out of the JIT boxed
   * falls back to), {@link #preferred()} beside any other.
   */
  static Activations forGemm(Gemm gemm) {
    return gemm instanceof ScalarGemm ? scalar() : preferred();
  }

  /** Vectorised sigmoid and tanh if the vector module is present ({@link Gemms} logs which). */
  static Activations preferred() {
    return Gemms.vectorModulePresent() ? VectorActivations.INSTANCE : ScalarActivations.INSTANCE;
  }

  /** {@code x} clamped to {@code ±limit}; NaN means no limit. */
  static float clamp(float x, float limit) {
    return limit != limit ? x : Math.max(-limit, Math.min(limit, x));
  }

  /** The scalar path. */
  final class ScalarActivations implements Activations {
    static final ScalarActivations INSTANCE = new ScalarActivations();

    private ScalarActivations() {}

    @Override
    public void apply(Activation act, float[] v, int offset, int length) {
      switch (act.kind()) {
        case SIGMOID -> {
          for (int i = offset; i < offset + length; i++) {
            v[i] = FloatFunctions.sigmoid(v[i]);
          }
        }
        case TANH -> {
          for (int i = offset; i < offset + length; i++) {
            v[i] = FloatFunctions.tanh(v[i]);
          }
        }
        default -> act.applyInPlace(v, offset, length);
      }
    }

    @Override
    public void applyInto(Activation act, float[] v, int offset, float[] out, int outOffset, int length) {
      System.arraycopy(v, offset, out, outOffset, length);
      apply(act, out, outOffset, length);
    }

    @Override
    public void lstmCellUpdate(float[] gates, int i, int f, int g, float[] c, int co, float[] m, int mo,
        int length, float cellClip) {
      for (int j = 0; j < length; j++) {
        float cNew = clamp(gates[f + j] * c[co + j] + gates[i + j] * gates[g + j], cellClip);
        c[co + j] = cNew;
        m[mo + j] = cNew;
      }
    }

    @Override
    public void lstmSigmoidTanh(float[] gates, float[] c, float[] h, int length, float cellClip) {
      // pass by pass, each loop with one function inlined: one loop calling all five took 64.6 against 57.7 ms
      // (ScalarFallbackBenchmark, W4)
      apply(Activation.SIGMOID, gates, 0, 2 * length);
      apply(Activation.TANH, gates, 2 * length, length);
      lstmCellUpdate(gates, 0, length, 2 * length, c, 0, h, 0, length, cellClip);
      apply(Activation.SIGMOID, gates, 3 * length, length);
      apply(Activation.TANH, h, 0, length);
      multiply(h, 0, gates, 3 * length, h, 0, length);
    }

    @Override
    public void multiply(float[] r, int ro, float[] h, int ho, float[] out, int oo, int length) {
      for (int j = 0; j < length; j++) {
        out[oo + j] = r[ro + j] * h[ho + j];
      }
    }

    @Override
    public void gruUpdate(float[] gates, int z, int n, float[] h, int hr, int units) {
      for (int j = 0; j < units; j++) {
        float zj = gates[z + j];
        h[hr + j] = zj * h[hr + j] + (1f - zj) * gates[n + j];
      }
    }

    @Override
    public String name() {
      return "scalar";
    }
  }
}
