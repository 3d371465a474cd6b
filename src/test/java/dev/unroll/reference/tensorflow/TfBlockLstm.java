package dev.unroll.reference.tensorflow;

import dev.unroll.model.CellState;
import dev.unroll.model.SequenceBatch;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.BlockLSTM;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * TensorFlow's whole-sequence BlockLSTM kernel (TensorFlow Java builds the BlockLSTMV2 op: gate order
 * i, f, c, o, no forget_bias) run once over a padded, time-major batch. The op has no per-sequence
 * lengths, but step t of a sequence never depends on later steps, so a sequence's dynamic_rnn result
 * is the op's output up to its own length and its state at its last valid step.
 */
final class TfBlockLstm implements AutoCloseable {
  /** TF v1's i, j, f, o column blocks in BlockLSTMV2's i, f, c(=j), o order. */
  private static final int[] V2_FROM_V1 = {0, 2, 1, 3};

  private static final ConfigProto ONE_THREAD =
      ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();

  private final TfWeights.Lstm w;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> steps;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TFloat32> h0;
  private final Placeholder<TFloat32> c0;
  private final BlockLSTM<TFloat32> lstm;

  /** @param cellClip NaN for none */
  TfBlockLstm(TfWeights.Lstm w, float forgetBias, float cellClip) {
    if (w.projSize() > 0) {
      throw new IllegalArgumentException("BlockLSTM has no projection");
    }
    this.w = w;
    int units = w.units();
    int rows = w.inputSize() + units;
    float[] bias = reorder(w.bias(), 1, units);
    for (int j = 0; j < units; j++) {
      bias[units + j] += forgetBias; // V2's f block; BlockLSTMV2 takes no forget_bias
    }
    boolean peep = w.peepholes() != null;
    float[] zeros = new float[units];
    Ops tf = Ops.create(graph);
    steps = tf.placeholder(TInt64.class);
    x = tf.placeholder(TFloat32.class);
    h0 = tf.placeholder(TFloat32.class);
    c0 = tf.placeholder(TFloat32.class);
    lstm = tf.nn.blockLSTM(steps, x, c0, h0,
        TfGraphCell.matrix(tf, reorder(w.kernel(), rows, units), rows),
        TfGraphCell.vector(tf, peep ? w.peepholes()[0] : zeros),
        TfGraphCell.vector(tf, peep ? w.peepholes()[1] : zeros),
        TfGraphCell.vector(tf, peep ? w.peepholes()[2] : zeros),
        TfGraphCell.vector(tf, bias),
        BlockLSTM.cellClip(Float.isNaN(cellClip) ? -1f : cellClip),
        BlockLSTM.usePeephole(peep));
    session = new Session(graph, ONE_THREAD);
  }

  private static float[] reorder(float[] m, int rows, int units) {
    float[] out = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int b = 0; b < 4; b++) {
        System.arraycopy(m, (r * 4 + V2_FROM_V1[b]) * units, out, (r * 4 + b) * units, units);
      }
    }
    return out;
  }

  /** The batch from {@code initial} (null for zeros), as dynamic_rnn would return it. */
  TfReferenceUnroll.Result run(SequenceBatch batch, CellState initial) {
    int n = batch.count();
    int in = w.inputSize();
    int units = w.units();
    int[] lengths = batch.lengths();
    int t = 0;
    for (int r = 0; r < n; r++) {
      t = Math.max(t, lengths[r]);
    }
    float[] h = initial == null ? new float[n * units] : initial.h().clone();
    float[] c = initial == null ? new float[n * units] : initial.c().clone();
    float[] outputs = new float[(int) batch.totalSteps() * units];
    if (t == 0) {
      return new TfReferenceUnroll.Result(outputs, List.of(new CellState(h, c)));
    }
    // time-major [t, n, in], zeros past each length
    float[] padded = new float[t * n * in];
    int at = 0;
    for (int r = 0; r < n; r++) {
      for (int s = 0; s < lengths[r]; s++, at += in) {
        System.arraycopy(batch.values(), at, padded, (s * n + r) * in, in);
      }
    }
    float[] hs = new float[t * n * units];
    float[] cs = new float[t * n * units];
    try (TInt64 stepsT = TInt64.scalarOf(t);
        TFloat32 xT = TFloat32.tensorOf(Shape.of(t, n, in), DataBuffers.of(padded, true, false));
        TFloat32 hT = TFloat32.tensorOf(Shape.of(n, units), DataBuffers.of(h, true, false));
        TFloat32 cT = TFloat32.tensorOf(Shape.of(n, units), DataBuffers.of(c, true, false));
        Result result = session.runner().feed(steps, stepsT).feed(x, xT).feed(h0, hT).feed(c0, cT)
            .fetch(lstm.h()).fetch(lstm.cs()).run()) {
      ((TFloat32) result.get(0)).copyTo(DataBuffers.of(hs, false, false));
      ((TFloat32) result.get(1)).copyTo(DataBuffers.of(cs, false, false));
    }
    at = 0;
    for (int r = 0; r < n; r++) {
      for (int s = 0; s < lengths[r]; s++, at += units) {
        System.arraycopy(hs, (s * n + r) * units, outputs, at, units);
      }
      if (lengths[r] > 0) {
        int last = ((lengths[r] - 1) * n + r) * units;
        System.arraycopy(hs, last, h, r * units, units);
        System.arraycopy(cs, last, c, r * units, units);
      }
    }
    return new TfReferenceUnroll.Result(outputs, List.of(new CellState(h, c)));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
