package dev.unroll.weights.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.math.ReferenceGemm;
import dev.unroll.model.Layer;
import dev.unroll.model.ModelHints.CellType;
import dev.unroll.model.ModelHints;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TestArrays;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.load.Models;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow v1 names in an .npz become the model built by hand from the same arrays with the cells'
 * {@code fromTensorFlow} factories: same structure, bit-identical scores.
 */
class TensorFlowModelsTest {
  @TempDir Path dir;
  private final Random random = new Random(42);

  static void assertSameScores(RnnModel expected, RnnModel actual, int inputSize, long seed) {
    Random r = new Random(seed);
    float[][] sequences = new float[5][];
    int[] lengths = {3, 0, 1, 6, 4};
    for (int s = 0; s < sequences.length; s++) {
      sequences[s] = new float[lengths[s] * inputSize];
      for (int i = 0; i < sequences[s].length; i++) {
        sequences[s][i] = r.nextFloat() * 2 - 1;
      }
    }
    SequenceBatch batch = SequenceBatch.of(inputSize, sequences);
    UnrollResult a = new Unroller(PreparedModel.prepare(expected, new ReferenceGemm())).unroll(batch, true);
    UnrollResult b = new Unroller(PreparedModel.prepare(actual, new ReferenceGemm())).unroll(batch, true);
    assertArrayEquals(a.outputs(), b.outputs());
    assertEquals(a.finalStates().size(), b.finalStates().size());
    for (int k = 0; k < a.finalStates().size(); k++) {
      assertArrayEquals(a.finalStates().get(k).h(), b.finalStates().get(k).h());
      assertArrayEquals(a.finalStates().get(k).c(), b.finalStates().get(k).c());
    }
  }

  private LoadedModel load(Map<String, Tensor> tensors, ModelHints hints) throws Exception {
    return Models.load(LocalWeightSource.of(TestArrays.npz(dir, "m.npz", tensors)), hints);
  }

  private Tensor t(String name, long... shape) {
    return TestArrays.random(random, name, shape);
  }

  @Test
  void basicRnnCellWithReluActivation() throws Exception {
    Tensor k = t("rnn/basic_rnn_cell/kernel", 4 + 3, 3);
    Tensor b = t("rnn/basic_rnn_cell/bias", 3);
    ModelHints hints = new ModelHints(null, 3, Activation.RELU, null, null, null);
    LoadedModel m = load(TestArrays.byName(k, b), hints);
    Cell cell = SimpleRnnCell.fromTensorFlow(4, 3, k.values(), b.values(), Activation.RELU);
    assertSameScores(RnnModel.of(Layer.of(cell)), m.model(), 4, 1);
    assertEquals(cell.describe(), m.model().layers().get(0).forward().get(0).describe());
  }

  @Test
  void basicLstmCellUnderAnEnclosingScopeWithOldWeightsBiasesNamesAndForgetBias() throws Exception {
    Tensor k = t("encoder/rnn/basic_lstm_cell/weights", 2 + 5, 20);
    Tensor b = t("encoder/rnn/basic_lstm_cell/biases", 20);
    LoadedModel m = load(TestArrays.byName(k, b), new ModelHints(null, null, null, 0.5f, null, null));
    Cell cell = LstmCell.fromTensorFlow(2, 5, k.values(), b.values(), 0.5f, null, null,
        LstmCell.Options.tensorFlow(Activation.TANH, Float.NaN, Float.NaN));
    assertSameScores(RnnModel.of(Layer.of(cell)), m.model(), 2, 2);
  }

  @Test
  void lstmCellWithPeepholesProjectionAndClips() throws Exception {
    Tensor k = t("rnn/lstm_cell/kernel", 3 + 2, 16);
    Tensor b = t("rnn/lstm_cell/bias", 16);
    Tensor wi = t("rnn/lstm_cell/w_i_diag", 4);
    Tensor wf = t("rnn/lstm_cell/w_f_diag", 4);
    Tensor wo = t("rnn/lstm_cell/w_o_diag", 4);
    Tensor p = t("rnn/lstm_cell/projection/kernel", 4, 2);
    ModelHints hints = new ModelHints(CellType.LSTM, 4, null, null, 0.3f, 0.2f);
    LoadedModel m = load(TestArrays.byName(k, b, wi, wf, wo, p), hints);
    Cell cell = LstmCell.fromTensorFlow(3, 4, k.values(), b.values(), 1.0f,
        new float[][] {wi.values(), wf.values(), wo.values()}, p.values(),
        LstmCell.Options.tensorFlow(Activation.TANH, 0.3f, 0.2f));
    assertSameScores(RnnModel.of(Layer.of(cell)), m.model(), 3, 3);
    assertEquals(6, m.provenance().tensors().size());
  }

  private Tensor[] gru(String prefix, int input, int units) {
    return new Tensor[] {
      t(prefix + "gru_cell/gates/kernel", input + units, 2 * units),
      t(prefix + "gru_cell/gates/bias", 2 * units),
      t(prefix + "gru_cell/candidate/kernel", input + units, units),
      t(prefix + "gru_cell/candidate/bias", units)
    };
  }

  private static Cell gruCell(Tensor[] v, int input, int units) {
    return GruCell.fromTensorFlow(input, units, v[0].values(), v[1].values(), v[2].values(), v[3].values(),
        Activation.TANH);
  }

  @Test
  void bidirectionalRnnOverMultiRnnCellsStacksWithinEachDirection() throws Exception {
    Tensor[] fw0 = gru("bidirectional_rnn/fw/multi_rnn_cell/cell_0/", 3, 4);
    Tensor[] fw1 = gru("bidirectional_rnn/fw/multi_rnn_cell/cell_1/", 4, 2);
    Tensor[] bw0 = gru("bidirectional_rnn/bw/multi_rnn_cell/cell_0/", 3, 5);
    Tensor[] bw1 = gru("bidirectional_rnn/bw/multi_rnn_cell/cell_1/", 5, 3);
    Map<String, Tensor> all = new java.util.LinkedHashMap<>();
    for (Tensor[] group : List.of(bw1, fw1, bw0, fw0)) { // file order must not matter
      all.putAll(TestArrays.byName(group));
    }
    ModelHints hints = new ModelHints(CellType.GRU, null, null, null, null, null, 2, true, null);
    LoadedModel m = load(all, hints);
    RnnModel expected = RnnModel.of(new Layer(
        List.of(gruCell(fw0, 3, 4), gruCell(fw1, 4, 2)), List.of(gruCell(bw0, 3, 5), gruCell(bw1, 5, 3))));
    assertSameScores(expected, m.model(), 3, 4);
    assertEquals(5, m.model().outputSize());
  }

  @Test
  void stackBidirectionalRnnGivesOneBidirectionalLayerPerCell() throws Exception {
    Tensor[] f0 = gru("stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/", 3, 2);
    Tensor[] b0 = gru("stack_bidirectional_rnn/cell_0/bidirectional_rnn/bw/", 3, 2);
    Tensor[] f1 = gru("stack_bidirectional_rnn/cell_1/bidirectional_rnn/fw/", 4, 3);
    Tensor[] b1 = gru("stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/", 4, 3);
    Map<String, Tensor> all = new java.util.LinkedHashMap<>();
    for (Tensor[] group : List.of(f0, b0, f1, b1)) {
      all.putAll(TestArrays.byName(group));
    }
    LoadedModel m = load(all, ModelHints.NONE);
    RnnModel expected = RnnModel.of(Layer.bidirectional(gruCell(f0, 3, 2), gruCell(b0, 3, 2)),
        Layer.bidirectional(gruCell(f1, 4, 3), gruCell(b1, 4, 3)));
    assertSameScores(expected, m.model(), 3, 5);
  }

  @Test
  void scopeHintChoosesOneOfSeveralModels() throws Exception {
    Tensor[] enc = gru("encoder/rnn/", 3, 2);
    Tensor[] dec = gru("decoder/rnn/", 2, 2);
    Map<String, Tensor> all = TestArrays.byName(enc);
    all.putAll(TestArrays.byName(dec));
    WeightsException e = assertThrows(WeightsException.class, () -> load(all, ModelHints.NONE));
    assertTrue(e.getMessage().contains("[decoder/rnn, encoder/rnn]"), e.getMessage());
    LoadedModel m = load(all, new ModelHints(null, null, null, null, null, null, null, null, "decoder"));
    assertSameScores(RnnModel.of(Layer.of(gruCell(dec, 2, 2))), m.model(), 2, 6);
  }

  @Test
  void hintsThatContradictTheFileShowBoth() throws Exception {
    Map<String, Tensor> lstm = TestArrays.byName(t("rnn/basic_lstm_cell/kernel", 5, 8), t("rnn/basic_lstm_cell/bias", 8));
    String[][] cases = {
      {"GRU", "cell type GRU", "BASIC_LSTM"},
      {"units", "7 units", "2 units"},
      {"layers", "3 layers", "1 stacked"},
      {"bidirectional", "a bidirectional model", "unidirectional"},
      {"cellClip", "cell_clip 0.5", "BasicLSTMCell"},
      {"projClip", "proj_clip 0.5", "projection"},
    };
    for (String[] c : cases) {
      ModelHints h = switch (c[0]) {
        case "GRU" -> new ModelHints(CellType.GRU, null, null, null, null, null);
        case "units" -> new ModelHints(null, 7, null, null, null, null);
        case "layers" -> new ModelHints(null, null, null, null, null, null, 3, null, null);
        case "bidirectional" -> new ModelHints(null, null, null, null, null, null, null, true, null);
        case "cellClip" -> new ModelHints(null, null, null, null, 0.5f, null);
        default -> new ModelHints(null, null, null, null, null, 0.5f);
      };
      WeightsException e = assertThrows(WeightsException.class, () -> load(lstm, h), c[0]);
      assertTrue(e.getMessage().contains("m.npz") && e.getMessage().contains(c[1]) && e.getMessage().contains(c[2]),
          e.getMessage());
    }
    Map<String, Tensor> rnn = TestArrays.byName(t("rnn/basic_rnn_cell/kernel", 5, 2), t("rnn/basic_rnn_cell/bias", 2));
    WeightsException e = assertThrows(WeightsException.class,
        () -> load(rnn, new ModelHints(null, null, null, 1f, null, null)));
    assertTrue(e.getMessage().contains("forget_bias 1.0") && e.getMessage().contains("no LSTM"), e.getMessage());
  }

  @Test
  void basicLstmAndLstmHintsBothFitAPlainLstmCell() throws Exception {
    Map<String, Tensor> lstm = TestArrays.byName(t("rnn/lstm_cell/kernel", 5, 8), t("rnn/lstm_cell/bias", 8));
    assertEquals(2, load(lstm, new ModelHints(CellType.BASIC_LSTM, 2, null, null, null, null)).model().layers().get(0).forward().get(0).units());
    Map<String, Tensor> peep = TestArrays.byName(t("rnn/lstm_cell/kernel", 5, 8), t("rnn/lstm_cell/bias", 8),
        t("rnn/lstm_cell/w_i_diag", 2), t("rnn/lstm_cell/w_f_diag", 2), t("rnn/lstm_cell/w_o_diag", 2));
    assertThrows(WeightsException.class, () -> load(peep, new ModelHints(CellType.BASIC_LSTM, null, null, null, null, null)));
  }

  @Test
  void rnnKernelWithLstmWidthIsAShapeError() throws Exception {
    // a BasicRNNCell's kernel is [I+H, H]; an LSTM-sized kernel under its name does not fit
    Map<String, Tensor> wrong = TestArrays.byName(t("rnn/basic_rnn_cell/kernel", 5, 8), t("rnn/basic_rnn_cell/bias", 2));
    WeightsException e = assertThrows(WeightsException.class, () -> load(wrong, ModelHints.NONE));
    assertTrue(e.getMessage().contains("rnn/basic_rnn_cell/kernel") && e.getMessage().contains("[5, 8]"), e.getMessage());
  }

  @Test
  void missingPeepholeAndGapInMultiRnnCellAreReported() throws Exception {
    Map<String, Tensor> peep = TestArrays.byName(t("rnn/lstm_cell/kernel", 5, 8), t("rnn/lstm_cell/bias", 8),
        t("rnn/lstm_cell/w_i_diag", 2), t("rnn/lstm_cell/w_o_diag", 2));
    WeightsException e = assertThrows(WeightsException.class, () -> load(peep, ModelHints.NONE));
    assertTrue(e.getMessage().contains("rnn/lstm_cell/w_f_diag is missing"), e.getMessage());
    Map<String, Tensor> gap = TestArrays.byName(gru("rnn/multi_rnn_cell/cell_0/", 3, 2));
    gap.putAll(TestArrays.byName(gru("rnn/multi_rnn_cell/cell_2/", 2, 2)));
    e = assertThrows(WeightsException.class, () -> load(gap, ModelHints.NONE));
    assertTrue(e.getMessage().contains("cell_2 but no cell_1"), e.getMessage());
  }

  @Test
  void kerasCellUnderAnLstmCellScopeIsRefusedNotMisread() throws Exception {
    Map<String, Tensor> keras = TestArrays.byName(t("lstm/lstm_cell/kernel", 6, 8),
        t("lstm/lstm_cell/recurrent_kernel", 2, 8), t("lstm/lstm_cell/bias", 8));
    WeightsException e = assertThrows(WeightsException.class, () -> load(keras, ModelHints.NONE));
    assertTrue(e.getMessage().contains("lstm/lstm_cell") && e.getMessage().contains("Keras"), e.getMessage());
  }

  @Test
  void cellsUnderScopeNamesOfTheUsersChoiceAreTypedByHintsAndShapes() throws Exception {
    // BasicRNNCell(3, name="enc") vs LSTMCell(3, name="enc"): same names, told apart by the hinted units
    Tensor rk = t("rnn/enc/kernel", 2 + 3, 3);
    Tensor rb = t("rnn/enc/bias", 3);
    LoadedModel rnn = load(TestArrays.byName(rk, rb), new ModelHints(null, 3, null, null, null, null));
    assertSameScores(RnnModel.of(Layer.of(SimpleRnnCell.fromTensorFlow(2, 3, rk.values(), rb.values(), Activation.TANH))),
        rnn.model(), 2, 7);
    Tensor lk = t("rnn/enc/kernel", 2 + 3, 12);
    Tensor lb = t("rnn/enc/bias", 12);
    LoadedModel lstm = load(TestArrays.byName(lk, lb), new ModelHints(null, 3, null, null, null, null));
    assertSameScores(RnnModel.of(Layer.of(LstmCell.fromTensorFlow(2, 3, lk.values(), lb.values(), 1f, null, null,
        LstmCell.Options.tensorFlow(Activation.TANH, Float.NaN, Float.NaN)))), lstm.model(), 2, 8);
    Tensor[] g = gru("rnn/multi_rnn_cell/cell_0/my_gru/", 2, 2);
    LoadedModel gru = load(TestArrays.byName(g[0], g[1], g[2], g[3]), new ModelHints(CellType.GRU, null, null, null, null, null));
    assertSameScores(RnnModel.of(Layer.of(gruCell(g, 2, 2))), gru.model(), 2, 9);
    // without a hint the names alone say nothing, and the error says what to give
    WeightsException e = assertThrows(WeightsException.class, () -> load(TestArrays.byName(lk, lb), ModelHints.NONE));
    assertTrue(e.getMessage().contains("give the cell type or units"), e.getMessage());
    e = assertThrows(WeightsException.class,
        () -> load(TestArrays.byName(lk, lb), new ModelHints(null, 5, null, null, null, null)));
    assertTrue(e.getMessage().contains("rnn/enc") && e.getMessage().contains("5 (BasicRNNCell) or 20 (LSTM)"),
        e.getMessage());
  }
}
