package dev.unroll.reference.tensorflow;

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
 * One TensorFlow v1 cell as a TensorFlow graph that advances a batch by one step: {@code (x, h, c)}
 * in, {@code (h', c')} out, computed by TensorFlow's C++ kernels. The graph and its session are built
 * once and reused for every step and sequence.
 */
final class TfGraphCell implements AutoCloseable {

  /** The new state a cell's graph produces; {@code c} is null for cells without a c state. */
  record Step(Operand<TFloat32> h, Operand<TFloat32> c) {}

  /** Builds a cell's step from its placeholders; {@code c} is null for cells without a c state. */
  interface Body {
    Step build(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h, Operand<TFloat32> c);
  }

  // One thread each: the machine is shared, and TF's pools are process-wide anyway.
  private static final ConfigProto ONE_THREAD =
      ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();

  final int inputSize;
  final int stateSize;
  final int cellStateSize;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TFloat32> h;
  private final Placeholder<TFloat32> c;
  private final Step step;

  TfGraphCell(int inputSize, int stateSize, int cellStateSize, Body body) {
    this.inputSize = inputSize;
    this.stateSize = stateSize;
    this.cellStateSize = cellStateSize;
    this.graph = new Graph();
    Ops tf = Ops.create(graph);
    this.x = tf.placeholder(TFloat32.class);
    this.h = tf.placeholder(TFloat32.class);
    this.c = cellStateSize > 0 ? tf.placeholder(TFloat32.class) : null;
    this.step = body.build(tf, x, h, c);
    this.session = new Session(graph, ONE_THREAD);
  }

  /**
   * One step for {@code batch} rows: returns {@code {h', c'}} ({@code c'} null for cells without a c
   * state), row-major.
   */
  float[][] step(int batch, float[] xs, float[] hs, float[] cs) {
    try (TFloat32 xt = tensor(batch, inputSize, xs);
        TFloat32 ht = tensor(batch, stateSize, hs);
        TFloat32 ct = cellStateSize > 0 ? tensor(batch, cellStateSize, cs) : null) {
      Session.Runner runner = session.runner().feed(x, xt).feed(h, ht).fetch(step.h());
      if (ct != null) {
        runner.feed(c, ct).fetch(step.c());
      }
      try (Result result = runner.run()) {
        float[] newH = read((TFloat32) result.get(0), batch * stateSize);
        float[] newC = ct == null ? null : read((TFloat32) result.get(1), batch * cellStateSize);
        return new float[][] {newH, newC};
      }
    }
  }

  /** A float constant of shape {@code [values.length]}. */
  static Operand<TFloat32> vector(Ops tf, float[] values) {
    return tf.constant(Shape.of(values.length), DataBuffers.of(values, true, false));
  }

  /** A float constant of shape {@code [rows, values.length / rows]}, row-major. */
  static Operand<TFloat32> matrix(Ops tf, float[] values, int rows) {
    return tf.constant(Shape.of(rows, values.length / rows), DataBuffers.of(values, true, false));
  }

  private static TFloat32 tensor(int rows, int cols, float[] values) {
    if (values.length != rows * cols) {
      throw new IllegalArgumentException(
          "expected " + rows + " x " + cols + " floats to feed, got " + values.length);
    }
    return TFloat32.tensorOf(Shape.of(rows, cols), DataBuffers.of(values, true, false));
  }

  private static float[] read(TFloat32 tensor, int size) {
    if (tensor.size() != size) {
      throw new IllegalStateException("TensorFlow returned " + tensor.shape() + ", expected " + size + " floats");
    }
    float[] out = new float[size];
    tensor.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
