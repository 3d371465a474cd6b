package dev.unroll.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.math.Gemm;
import dev.unroll.math.Gemms;
import dev.unroll.math.TiledGemm;

/**
 * The matmul the job runs, checked to be the vectorised one the tests mean to exercise. The build
 * starts the test JVM with {@code --add-modules jdk.incubator.vector} (surefire's argLine in pom.xml);
 * without it {@link Gemms#preferred()} falls back to the scalar matmul and activations, and a test
 * written for the fast path would pass while running the other one.
 */
public final class VectorPath {
  private VectorPath() {}

  /** {@link Gemms#preferred()}, which must be {@link TiledGemm}. */
  public static Gemm gemm() {
    return checked(Gemms.preferred());
  }

  /** {@code gemm}, asserted to be the tiled vector kernel (and the vector module to be loaded). */
  public static Gemm checked(Gemm gemm) {
    assertTrue(Gemms.vectorModulePresent(),
        "the test JVM lacks jdk.incubator.vector: run it with --add-modules jdk.incubator.vector");
    return assertInstanceOf(TiledGemm.class, gemm, "the job's matmul");
  }
}
