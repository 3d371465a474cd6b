package dev.unroll.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.unroll.testing.OnnxGraphBytes;
import java.nio.FloatBuffer;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ONNX Runtime's LSTM / GRU / RNN operator on one mini-batch of a workload, one intra-op thread.
 *
 * <p>{@code jobs/benchmark-kernel.sh OnnxRuntimeBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class OnnxRuntimeBenchmark {

  @Param({"W1", "W2", "W3", "W4", "W5"})
  public Workload workload;

  private OrtSession session;
  private OnnxTensor x;

  @Setup
  public void setUp() throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = env.createSession(model(workload), options);
    }
    // time-major [steps, sequences, input]; the values do not change the speed
    x = OnnxTensor.createTensor(env, FloatBuffer.wrap(workload.inputs()),
        new long[] {workload.steps, workload.sequences, workload.input});
  }

  /**
   * The smallest model ONNX Runtime will run for a workload: one forward LSTM, GRU or RNN node
   * (opset 14, default activations) reading X and random W, R, B initializers and producing only Y_h.
   */
  static byte[] model(Workload w) {
    Random r = new Random(5);
    int g = w.kind.gates;
    int h = w.units;
    return new OnnxGraphBytes()
        .node(w.kind.name(), "rnn", new String[] {"X", "W", "R", "B"}, new String[] {"", "Y_h"}, // Y: not asked for
            OnnxGraphBytes.intAttribute("hidden_size", h))
        .initializer("W", new long[] {1, g * h, w.input}, Workload.random(r, g * h * w.input))
        .initializer("R", new long[] {1, g * h, h}, Workload.random(r, g * h * h))
        .initializer("B", new long[] {1, 2 * g * h}, Workload.random(r, 2 * g * h))
        .floatInput("X", w.steps, w.sequences, w.input)
        .floatOutput("Y_h", 1, w.sequences, h)
        .model();
  }

  @Benchmark
  public long run() throws OrtException {
    try (OrtSession.Result result = session.run(Map.of("X", x))) {
      return result.size();
    }
  }

  @TearDown
  public void tearDown() throws OrtException {
    x.close();
    session.close();
  }
}
