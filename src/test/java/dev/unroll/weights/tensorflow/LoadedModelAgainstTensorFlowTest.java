package dev.unroll.weights.tensorflow;

import static dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter.f32;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.math.Gemms;
import dev.unroll.model.ModelHints;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.VectorPath;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TestArrays;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LSTMBlockCell;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * End to end against TensorFlow: TensorFlow writes a checkpoint of TF v1 cell variables, reads it back
 * itself (RestoreV2) into its own cell kernels (GRUBlockCell; LSTMBlockCell, which takes TF v1's
 * {@code i, j, f, o} kernel and forget_bias; MatMul + tanh for BasicRNNCell), and the final states must
 * match what unroll computes from the model it loaded from the same checkpoint, within 1e-5.
 */
class LoadedModelAgainstTensorFlowTest {
  private static final float TOLERANCE = 1e-5f;
  private static final int[] LENGTHS = {1, 4, 7};
  @TempDir Path dir;
  private final Random random = new Random(2024);

  private Tensor t(String name, long... shape) {
    return TestArrays.random(random, name, shape);
  }

  private float[][] sequences(int inputSize) {
    float[][] s = new float[LENGTHS.length][];
    for (int i = 0; i < s.length; i++) {
      s[i] = new float[LENGTHS[i] * inputSize];
      for (int k = 0; k < s[i].length; k++) {
        s[i][k] = random.nextFloat() * 2 - 1;
      }
    }
    return s;
  }

  /** One TensorFlow step: (state, input row) to the new state; for an LSTM the state is c then h. */
  private interface Step {
    List<Operand<TFloat32>> apply(Ops tf, List<Operand<TFloat32>> restored, List<Operand<TFloat32>> state, Operand<TFloat32> x);
  }

  /**
   * Runs {@code step} over each sequence alone (batch 1) with the variables TensorFlow restores from
   * {@code prefix}; returns the final state vectors, sequence by sequence, state part by state part.
   */
  private static float[][][] tensorFlowFinalStates(Path prefix, List<String> names, int inputSize, int[] stateSizes,
      float[][] sequences, Step step) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Class<? extends TType>> types = new ArrayList<>();
      names.forEach(n -> types.add(TFloat32.class));
      String[] slices = new String[names.size()];
      java.util.Arrays.fill(slices, "");
      List<Operand<TFloat32>> restored = new ArrayList<>();
      for (org.tensorflow.Output<?> o : tf.train.restore(tf.constant(prefix.toString()),
          tf.constant(NdArrays.vectorOfObjects(names.toArray(new String[0]))),
          tf.constant(NdArrays.vectorOfObjects(slices)), types).tensors()) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> f = (Operand<TFloat32>) o;
        restored.add(f);
      }
      float[][][] out = new float[sequences.length][][];
      for (int q = 0; q < sequences.length; q++) {
        List<Operand<TFloat32>> state = new ArrayList<>();
        for (int size : stateSizes) {
          state.add(tf.constant(Shape.of(1, size), DataBuffers.of(new float[size])));
        }
        int steps = sequences[q].length / inputSize;
        for (int k = 0; k < steps; k++) {
          float[] row = java.util.Arrays.copyOfRange(sequences[q], k * inputSize, (k + 1) * inputSize);
          state = step.apply(tf, restored, state, tf.constant(Shape.of(1, inputSize), DataBuffers.of(row)));
        }
        Session.Runner runner = s.runner();
        state.forEach(runner::fetch);
        try (Result r = runner.run()) {
          out[q] = new float[stateSizes.length][];
          for (int p = 0; p < stateSizes.length; p++) {
            out[q][p] = new float[stateSizes[p]];
            ((TFloat32) r.get(p)).copyTo(DataBuffers.of(out[q][p], false, false)) ;
          }
        }
      }
      return out;
    }
  }

  /** The largest difference between TensorFlow's final states and unroll's; h is state part {@code hPart}. */
  private static float maxError(LoadedModel m, float[][] sequences, int inputSize, float[][][] expected, int hPart) {
    UnrollResult r = new Unroller(PreparedModel.prepare(m.model(), VectorPath.gemm()))
        .unroll(SequenceBatch.of(inputSize, sequences), false);
    float max = 0;
    for (int q = 0; q < sequences.length; q++) {
      for (int p = 0; p < expected[q].length; p++) {
        float[] state = p == hPart ? r.finalStates().get(0).h() : r.finalStates().get(0).c();
        float[] mine = UnrollResult.row(state, q, expected[q][p].length);
        for (int j = 0; j < mine.length; j++) {
          max = Math.max(max, Math.abs(mine[j] - expected[q][p][j]));
        }
      }
    }
    return max;
  }

  @Test
  void gruCellCheckpointScoresLikeTensorFlowsGruBlockCell() throws IOException {
    int in = 5;
    int units = 6;
    Tensor gk = t("rnn/gru_cell/gates/kernel", in + units, 2 * units);
    Tensor gb = t("rnn/gru_cell/gates/bias", 2 * units);
    Tensor ck = t("rnn/gru_cell/candidate/kernel", in + units, units);
    Tensor cb = t("rnn/gru_cell/candidate/bias", units);
    Path prefix = dir.resolve("gru.ckpt");
    TensorFlowCheckpointWriter.save(prefix, List.of(f32(gk), f32(gb), f32(ck), f32(cb)), List.of());
    float[][] seqs = sequences(in);
    float[][][] tf = tensorFlowFinalStates(prefix, List.of(gk.name(), gb.name(), ck.name(), cb.name()), in,
        new int[] {units}, seqs, (ops, v, state, x) ->
            List.of(ops.nn.gRUBlockCell(x, state.get(0), v.get(0), v.get(2), v.get(1), v.get(3)).h()));
    float err = maxError(Models.load(LocalWeightSource.of(prefix), ModelHints.NONE), seqs, in, tf, 0);
    assertEquals(0f, err, TOLERANCE);
  }

  @Test
  void lstmCellsWithAndWithoutPeepholesAndClipScoreLikeTensorFlowsLstmBlockCell() throws IOException {
    int in = 4;
    int units = 5;
    for (boolean peephole : new boolean[] {false, true}) {
      String scope = peephole ? "rnn/lstm_cell/" : "rnn/basic_lstm_cell/";
      Tensor k = t(scope + "kernel", in + units, 4 * units);
      Tensor b = t(scope + "bias", 4 * units);
      List<Tensor> vars = new ArrayList<>(List.of(k, b));
      if (peephole) {
        vars.add(t(scope + "w_i_diag", units));
        vars.add(t(scope + "w_f_diag", units));
        vars.add(t(scope + "w_o_diag", units));
      }
      Path prefix = dir.resolve(peephole ? "peep.ckpt" : "basic.ckpt");
      List<TensorFlowCheckpointWriter.Item> items = new ArrayList<>();
      vars.forEach(v -> items.add(f32(v)));
      TensorFlowCheckpointWriter.save(prefix, items, List.of());
      float forgetBias = peephole ? 0.5f : 1.0f;
      float cellClip = peephole ? 0.7f : -1f;
      float[][] seqs = sequences(in);
      float[][][] tf = tensorFlowFinalStates(prefix, vars.stream().map(Tensor::name).toList(), in,
          new int[] {units, units}, seqs, (ops, v, state, x) -> {
            Operand<TFloat32> zeros = ops.constant(Shape.of(units), DataBuffers.of(new float[units]));
            LSTMBlockCell<TFloat32> cell = ops.nn.lSTMBlockCell(x, state.get(0), state.get(1), v.get(0),
                peephole ? v.get(2) : zeros, peephole ? v.get(3) : zeros, peephole ? v.get(4) : zeros, v.get(1),
                LSTMBlockCell.forgetBias(forgetBias), LSTMBlockCell.cellClip(cellClip), LSTMBlockCell.usePeephole(peephole));
            return List.of(cell.cs(), cell.h());
          });
      ModelHints hints = new ModelHints(null, units, null, forgetBias, peephole ? cellClip : null, null);
      float err = maxError(Models.load(LocalWeightSource.of(prefix), hints), seqs, in, tf, 1);
      assertEquals(0f, err, TOLERANCE, peephole ? "LSTMCell with peepholes and cell_clip" : "BasicLSTMCell");
    }
  }

  @Test
  void basicRnnCellCheckpointScoresLikeTensorFlowsMatMulAndTanh() throws IOException {
    int in = 3;
    int units = 7;
    Tensor k = t("rnn/basic_rnn_cell/kernel", in + units, units);
    Tensor b = t("rnn/basic_rnn_cell/bias", units);
    Path prefix = dir.resolve("rnn.ckpt");
    TensorFlowCheckpointWriter.save(prefix, List.of(f32(k), f32(b)), List.of());
    float[][] seqs = sequences(in);
    float[][][] tf = tensorFlowFinalStates(prefix, List.of(k.name(), b.name()), in, new int[] {units}, seqs,
        (ops, v, state, x) -> List.of(ops.math.tanh(ops.math.add(
            ops.linalg.matMul(ops.concat(List.of(x, state.get(0)), ops.constant(1)), v.get(0)), v.get(1)))));
    float err = maxError(Models.load(LocalWeightSource.of(prefix), ModelHints.NONE), seqs, in, tf, 0);
    assertEquals(0f, err, TOLERANCE);
  }
}
