package dev.unroll.math;

/**
 * Applies an {@link Activation} to a run of floats in place: the element-wise half of a cell step.
 * {@link #preferred()} gives the vectorised sigmoid and tanh when {@code jdk.incubator.vector} is
 * present, else the scalar {@link Activation#apply} loop.
 */
public interface Activations {

  /** {@code v[offset .. offset+length) = act(v[...])}. */
  void apply(Activation act, float[] v, int offset, int length);

  String name();

  /** The scalar path: {@link Activation#apply} element by element (double-precision exp and tanh). */
  static Activations scalar() {
    return ScalarActivations.INSTANCE;
  }

  /** Vectorised sigmoid and tanh if the vector module is present ({@link Gemms} logs which). */
  static Activations preferred() {
    return Gemms.vectorModulePresent() ? VectorActivations.INSTANCE : ScalarActivations.INSTANCE;
  }

  /** The scalar path. */
  final class ScalarActivations implements Activations {
    static final ScalarActivations INSTANCE = new ScalarActivations();

    private ScalarActivations() {}

    @Override
    public void apply(Activation act, float[] v, int offset, int length) {
      act.applyInPlace(v, offset, length);
    }

    @Override
    public String name() {
      return "scalar";
    }
  }
}
