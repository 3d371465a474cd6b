package dev.unroll.reference.tensorflow;

import dev.unroll.math.Activation;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LSTMBlockCell;
import org.tensorflow.types.TFloat32;

/** TensorFlow graphs for one step of each TF v1 cell, built from {@link TfWeights}. */
final class TfCells {
  private TfCells() {}

  /**
   * BasicRNNCell as TensorFlow computes it: {@code act(BiasAdd(MatMul(concat([x, h]), kernel),
   * bias))}. TensorFlow has no fused kernel for it.
   */
  static TfGraphCell basicRnn(TfWeights.Rnn w, Activation activation) {
    int rows = w.inputSize() + w.units();
    return new TfGraphCell(w.inputSize(), w.units(), 0, (tf, x, h, c) -> {
      Operand<TFloat32> z = tf.nn.biasAdd(
          tf.linalg.matMul(concat(tf, x, h), TfGraphCell.matrix(tf, w.kernel(), rows)),
          TfGraphCell.vector(tf, w.bias()));
      return new TfGraphCell.Step(apply(tf, activation, z), null);
    });
  }

  /**
   * TensorFlow's fused LSTMBlockCell op (gate order i, j, f, o; forget_bias added to f; optional
   * peepholes and cell_clip; tanh only): the kernel behind BasicLSTMCell-equivalent LSTMBlockCell.
   *
   * @param cellClip NaN for none (the op's own default would clip at 3)
   */
  static TfGraphCell lstmBlockCell(TfWeights.Lstm w, float forgetBias, float cellClip) {
    if (w.projSize() > 0) {
      throw new IllegalArgumentException("LSTMBlockCell has no projection");
    }
    int units = w.units();
    int rows = w.inputSize() + units;
    boolean peep = w.peepholes() != null;
    float[] zeros = new float[units];
    return new TfGraphCell(w.inputSize(), units, units, (tf, x, h, c) -> {
      LSTMBlockCell<TFloat32> cell = tf.nn.lSTMBlockCell(
          x, c, h,
          TfGraphCell.matrix(tf, w.kernel(), rows),
          TfGraphCell.vector(tf, peep ? w.peepholes()[0] : zeros),
          TfGraphCell.vector(tf, peep ? w.peepholes()[1] : zeros),
          TfGraphCell.vector(tf, peep ? w.peepholes()[2] : zeros),
          TfGraphCell.vector(tf, w.bias()),
          LSTMBlockCell.forgetBias(forgetBias),
          LSTMBlockCell.cellClip(Float.isNaN(cellClip) ? -1f : cellClip),
          LSTMBlockCell.usePeephole(peep));
      return new TfGraphCell.Step(cell.h(), cell.cs());
    });
  }

  /**
   * LSTMCell exactly as TF v1's {@code rnn_cell_impl.LSTMCell.call} builds it, op by op (MatMul,
   * BiasAdd, Split, Sigmoid, the activation, Mul, Add, ClipByValue, projection MatMul): no single
   * TensorFlow kernel covers num_proj / proj_clip or a non-tanh activation, but every number still
   * comes from TensorFlow's kernels.
   *
   * @param cellClip NaN for none
   * @param projClip NaN for none
   */
  static TfGraphCell lstmGraph(
      TfWeights.Lstm w, float forgetBias, Activation activation, float cellClip, float projClip) {
    int units = w.units();
    int rows = w.inputSize() + w.stateSize();
    boolean peep = w.peepholes() != null;
    return new TfGraphCell(w.inputSize(), w.stateSize(), units, (tf, x, h, c) -> {
      Operand<TFloat32> gates = tf.nn.biasAdd(
          tf.linalg.matMul(concat(tf, x, h), TfGraphCell.matrix(tf, w.kernel(), rows)),
          TfGraphCell.vector(tf, w.bias()));
      List<Operand<TFloat32>> ijfo = List.copyOf(tf.split(tf.constant(1), gates, 4L).output());
      Operand<TFloat32> i = ijfo.get(0);
      Operand<TFloat32> f = tf.math.add(ijfo.get(2), tf.constant(forgetBias));
      Operand<TFloat32> o = ijfo.get(3);
      if (peep) {
        i = tf.math.add(i, tf.math.mul(TfGraphCell.vector(tf, w.peepholes()[0]), c));
        f = tf.math.add(f, tf.math.mul(TfGraphCell.vector(tf, w.peepholes()[1]), c));
      }
      Operand<TFloat32> newC = tf.math.add(
          tf.math.mul(tf.math.sigmoid(f), c),
          tf.math.mul(tf.math.sigmoid(i), apply(tf, activation, ijfo.get(1))));
      if (!Float.isNaN(cellClip)) {
        newC = clip(tf, newC, cellClip);
      }
      if (peep) {
        o = tf.math.add(o, tf.math.mul(TfGraphCell.vector(tf, w.peepholes()[2]), newC));
      }
      Operand<TFloat32> m = tf.math.mul(tf.math.sigmoid(o), apply(tf, activation, newC));
      if (w.projSize() > 0) {
        m = tf.linalg.matMul(m, TfGraphCell.matrix(tf, w.projection(), units));
        if (!Float.isNaN(projClip)) {
          m = clip(tf, m, projClip);
        }
      }
      return new TfGraphCell.Step(m, newC);
    });
  }

  /** TensorFlow's fused GRUBlockCell op: TF v1 GRUCell (reset before the candidate matmul), tanh. */
  static TfGraphCell gruBlockCell(TfWeights.Gru w) {
    int rows = w.inputSize() + w.units();
    return new TfGraphCell(w.inputSize(), w.units(), 0, (tf, x, h, c) -> new TfGraphCell.Step(
        tf.nn.gRUBlockCell(x, h,
            TfGraphCell.matrix(tf, w.gatesKernel(), rows),
            TfGraphCell.matrix(tf, w.candidateKernel(), rows),
            TfGraphCell.vector(tf, w.gatesBias()),
            TfGraphCell.vector(tf, w.candidateBias())).h(),
        null));
  }

  /**
   * GRUCell exactly as TF v1's {@code rnn_cell_impl.GRUCell.call} builds it, op by op (MatMul, BiasAdd,
   * Sigmoid, Split, Mul, the activation, Sub, Add): for activations other than tanh, which
   * GRUBlockCell does not take.
   */
  static TfGraphCell gruGraph(TfWeights.Gru w, Activation activation) {
    int rows = w.inputSize() + w.units();
    return new TfGraphCell(w.inputSize(), w.units(), 0, (tf, x, h, c) -> {
      Operand<TFloat32> gates = tf.math.sigmoid(tf.nn.biasAdd(
          tf.linalg.matMul(concat(tf, x, h), TfGraphCell.matrix(tf, w.gatesKernel(), rows)),
          TfGraphCell.vector(tf, w.gatesBias())));
      List<Operand<TFloat32>> ru = List.copyOf(tf.split(tf.constant(1), gates, 2L).output());
      Operand<TFloat32> u = ru.get(1);
      Operand<TFloat32> candidate = apply(tf, activation, tf.nn.biasAdd(
          tf.linalg.matMul(concat(tf, x, tf.math.mul(ru.get(0), h)),
              TfGraphCell.matrix(tf, w.candidateKernel(), rows)),
          TfGraphCell.vector(tf, w.candidateBias())));
      Operand<TFloat32> newH = tf.math.add(
          tf.math.mul(u, h), tf.math.mul(tf.math.sub(tf.constant(1f), u), candidate));
      return new TfGraphCell.Step(newH, null);
    });
  }

  /** The TensorFlow op for one of the activations TF v1 cells accept. */
  static Operand<TFloat32> apply(Ops tf, Activation activation, Operand<TFloat32> z) {
    return switch (activation.kind()) {
      case TANH -> tf.math.tanh(z);
      case SIGMOID -> tf.math.sigmoid(z);
      case RELU -> tf.nn.relu(z);
      case IDENTITY -> tf.identity(z);
      case ELU -> tf.nn.elu(z);
      case SOFTSIGN -> tf.nn.softsign(z);
      case RELU6 -> tf.nn.relu6(z);
      default -> throw new IllegalArgumentException("no TF v1 cell activation " + activation.describe());
    };
  }

  private static Operand<TFloat32> concat(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h) {
    return tf.concat(List.of(x, h), tf.constant(1));
  }

  private static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> v, float limit) {
    return tf.clipByValue(v, tf.constant(-limit), tf.constant(limit));
  }
}
