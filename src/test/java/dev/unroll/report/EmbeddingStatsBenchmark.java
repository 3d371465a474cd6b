package dev.unroll.report;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run report's statistics of one scoring window as {@code spark.partition.WindowStats} gathers
 * them: 4,096 rows whose final {@code h} and {@code c} (64 floats each) sit side by side in one record
 * of 128, each added to its own {@link EmbeddingStats}. {@code nonFiniteRows} rows of the window hold a
 * NaN or an infinity (a diverged model), the rest tanh-like values, some of them saturated.
 *
 * <p>{@code mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=target/cp.txt && java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * org.openjdk.jmh.Main EmbeddingStatsBenchmark -prof dev.unroll.bench.CpuTimeProfiler}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class EmbeddingStatsBenchmark {
  private static final int ROWS = 4096;
  private static final int WIDTH = 64;

  @Param({"0", "8"})
  public int nonFiniteRows;

  private final float[] window = new float[ROWS * 2 * WIDTH];
  private final EmbeddingStats h = new EmbeddingStats("h", WIDTH);
  private final EmbeddingStats c = new EmbeddingStats("c", WIDTH);

  @Setup
  public void setUp() {
    Random random = new Random(5);
    for (int i = 0; i < window.length; i++) {
      window[i] = (float) Math.tanh(1.5 * random.nextGaussian());
    }
    for (int i = 0; i < nonFiniteRows; i++) {
      int row = random.nextInt(ROWS);
      window[row * 2 * WIDTH + random.nextInt(2 * WIDTH)] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
    }
  }

  @Benchmark
  public EmbeddingStats window() {
    h.addBlock(window, ROWS, 2 * WIDTH, 0, r -> "row " + r);
    c.addBlock(window, ROWS, 2 * WIDTH, WIDTH, r -> "row " + r);
    return c;
  }
}
