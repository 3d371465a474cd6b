package dev.unroll.bench;

import java.util.ArrayList;
import java.util.List;
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
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's own kernels through TensorFlow Java on one mini-batch, one thread (intra- and inter-op):
 * LSTM = the BlockLSTM op over all steps; GRU = GRUBlockCell chained once per step; simple RNN =
 * MatMul([x, h], W) + BiasAdd + Tanh per step (TF has no block op for it). Graphs are built once.
 *
 * <p>{@code jobs/benchmark-kernel.sh TensorFlowBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class TensorFlowBenchmark {

  @Param({"W1", "W2", "W3", "W4", "W5"})
  public Workload workload;

  private Graph graph;
  private Session session;
  private Placeholder<TFloat32> x;
  private Operand<TFloat32> out;
  private TFloat32 xTensor;

  @Setup
  public void setUp() {
    Workload w = workload;
    Random r = new Random(6);
    int rows = w.input + w.units;
    graph = new Graph();
    Ops tf = Ops.create(graph);
    x = tf.placeholder(TFloat32.class);
    Operand<TFloat32> h = zeros(tf, w.sequences, w.units);
    switch (w.kind) {
      case LSTM -> out = tf.nn.blockLSTM(tf.constant((long) w.steps), x, zeros(tf, w.sequences, w.units), h,
          constant(tf, r, rows, 4 * w.units), constant(tf, r, w.units), constant(tf, r, w.units),
          constant(tf, r, w.units), constant(tf, r, 4 * w.units)).h();
      case GRU -> {
        Operand<TFloat32> wru = constant(tf, r, rows, 2 * w.units);
        Operand<TFloat32> wc = constant(tf, r, rows, w.units);
        Operand<TFloat32> bru = constant(tf, r, 2 * w.units);
        Operand<TFloat32> bc = constant(tf, r, w.units);
        for (Operand<TFloat32> xt : steps(tf, w)) {
          h = tf.nn.gRUBlockCell(xt, h, wru, wc, bru, bc).h();
        }
        out = h;
      }
      case RNN -> {
        Operand<TFloat32> kernel = constant(tf, r, rows, w.units);
        Operand<TFloat32> bias = constant(tf, r, w.units);
        for (Operand<TFloat32> xt : steps(tf, w)) {
          h = tf.math.tanh(tf.nn.biasAdd(tf.linalg.matMul(tf.concat(List.of(xt, h), tf.constant(1)), kernel), bias));
        }
        out = h;
      }
    }
    ConfigProto oneThread = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
    session = new Session(graph, oneThread);
    xTensor = TFloat32.tensorOf(Shape.of(w.steps, w.sequences, w.input),
        DataBuffers.of(w.inputs(), true, false));
  }

  /** x[t] for every step, as [sequences, input] operands of the time-major placeholder. */
  private List<Operand<TFloat32>> steps(Ops tf, Workload w) {
    List<Operand<TFloat32>> xs = new ArrayList<>();
    tf.unstack(x, (long) w.steps).forEach(xs::add);
    return xs;
  }

  private static Operand<TFloat32> zeros(Ops tf, int rows, int cols) {
    return tf.constant(Shape.of(rows, cols), DataBuffers.of(new float[rows * cols], true, false));
  }

  private static Operand<TFloat32> constant(Ops tf, Random r, int... dims) {
    int n = 1;
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      n *= dims[i];
      shape[i] = dims[i];
    }
    return tf.constant(Shape.of(shape), DataBuffers.of(Workload.random(r, n), true, false));
  }

  @Benchmark
  public long run() {
    try (Result result = session.runner().feed(x, xTensor).fetch(out).run()) {
      return result.size();
    }
  }

  @TearDown
  public void tearDown() {
    xTensor.close();
    session.close();
    graph.close();
  }
}
