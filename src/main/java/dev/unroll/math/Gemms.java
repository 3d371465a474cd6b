package dev.unroll.math;

import java.lang.System.Logger.Level;

/**
 * The one place that picks the {@link Gemm} the project runs with: {@link TiledGemm} when the
 * {@code jdk.incubator.vector} module is in the boot layer, otherwise {@link ScalarGemm}, with a loud
 * warning saying how to turn the fast path on. The choice is made and logged once per JVM.
 */
public final class Gemms {
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static final System.Logger LOG = System.getLogger(Gemms.class.getName());

  private Gemms() {}

  /** The fastest Gemm this JVM can run; logs its choice the first time it is called. */
  public static Gemm preferred() {
    return Preferred.GEMM;
  }

  /**
   * The scalar matmul: what {@link #preferred()} is without the vector module, and what a JVM whose vector
   * kernels came out of the JIT boxed falls back to. Same bits as the tiled one.
   */
  public static Gemm scalar() {
    return Scalar.GEMM;
  }

  /** Whether {@code jdk.incubator.vector} was resolved at startup ({@code --add-modules}). */
  public static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /**
   * The Gemm for a JVM with or without the vector module. {@link TiledGemm} is only named (so only
   * loaded) on the branch where the module is present.
   */
  static Gemm choose(boolean vectorModulePresent) {
    return vectorModulePresent ? new TiledGemm() : scalar();
  }

  private static final class Scalar {
    static final Gemm GEMM = new ScalarGemm();
  }

  /** Holder: initialised on first use, so the check and the log happen exactly once. */
  private static final class Preferred {
    static final Gemm GEMM = chooseAndLog();

    private static Gemm chooseAndLog() {
      boolean present = vectorModulePresent();
      Gemm gemm = choose(present);
      if (present) {
        LOG.log(Level.INFO, "unroll matmul: " + gemm.name() + " (jdk.incubator.vector present)");
      } else {
        LOG.log(Level.WARNING,
            "unroll matmul: FAST PATH OFF. The jdk.incubator.vector module is not loaded, so unroll "
                + "falls back to its scalar matmul and activations (about 3-4x slower, measured). Turn the fast path on by "
                + "starting the JVM with --add-modules jdk.incubator.vector (for Spark: "
                + "spark.driver.extraJavaOptions and spark.executor.extraJavaOptions).");
      }
      return gemm;
    }
  }
}
