package dev.unroll.weights.tensorflow;

import static dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter.f32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.model.ModelHints;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.TestArrays;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.codec.HalfFloats;
import dev.unroll.weights.load.Models;
import dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter.Item;
import dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter.Strings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints TensorFlow itself writes (SaveV2, MergeV2Checkpoints) of TF v1 RNN cell variables: the
 * loader reads back exactly the values written, and the loaded model scores exactly like the model
 * built from the same arrays.
 */
class TensorFlowWrittenCheckpointTest {
  @TempDir Path dir;
  private final Random random = new Random(7);

  private Tensor t(String name, long... shape) {
    return TestArrays.random(random, name, shape);
  }

  private static List<Item> f32All(Tensor... tensors) {
    List<Item> items = new ArrayList<>();
    for (Tensor x : tensors) {
      items.add(f32(x));
    }
    return items;
  }

  private static void assertReadBackExactly(TensorFile file, Tensor... written) {
    for (Tensor w : written) {
      Tensor r = file.tensors().find(w.name()).orElseThrow(() -> new AssertionError(w.name() + " not read; found " + file.tensors().names()));
      assertArrayEquals(w.shape(), r.shape(), w.name());
      assertArrayEquals(w.values(), r.values(), w.name()); // bit-exact
    }
  }

  @Test
  void basicLstmCellCheckpointByPrefixReadsBackBitExactAndScoresLikeTheArrays() throws IOException {
    Tensor k = t("rnn/basic_lstm_cell/kernel", 3 + 4, 16);
    Tensor b = t("rnn/basic_lstm_cell/bias", 16);
    Path prefix = dir.resolve("model.ckpt-100");
    TensorFlowCheckpointWriter.save(prefix, f32All(k, b), List.of());
    WeightSource source = LocalWeightSource.of(prefix);
    assertReadBackExactly(Models.readTensors(source), k, b);
    LoadedModel m = Models.load(source, ModelHints.NONE);
    Cell cell = LstmCell.fromTensorFlow(3, 4, k.values(), b.values(), 1f, null, null,
        LstmCell.Options.tensorFlow(Activation.TANH, Float.NaN, Float.NaN));
    TensorFlowModelsTest.assertSameScores(RnnModel.of(Layer.of(cell)), m.model(), 3, 11);
    assertEquals("tf-checkpoint", m.provenance().format());
  }

  @Test
  void lstmCellWithPeepholesAndProjectionInASavedModelFolder() throws IOException {
    Tensor k = t("rnn/lstm_cell/kernel", 2 + 3, 20);
    Tensor b = t("rnn/lstm_cell/bias", 20);
    Tensor wi = t("rnn/lstm_cell/w_i_diag", 5);
    Tensor wf = t("rnn/lstm_cell/w_f_diag", 5);
    Tensor wo = t("rnn/lstm_cell/w_o_diag", 5);
    Tensor p = t("rnn/lstm_cell/projection/kernel", 5, 3);
    Tensor step = new Tensor("global_step", "float32", new long[0], new float[] {100f});
    Path saved = dir.resolve("saved_model");
    Files.createDirectories(saved.resolve("variables"));
    TensorFlowCheckpointWriter.save(saved.resolve("variables/variables"), f32All(k, b, wi, wf, wo, p, step), List.of());
    WeightSource source = LocalWeightSource.of(saved);
    assertReadBackExactly(Models.readTensors(source), k, b, wi, wf, wo, p, step);
    LoadedModel m = Models.load(source, new ModelHints(null, null, null, 0.25f, 1.5f, 0.8f));
    Cell cell = LstmCell.fromTensorFlow(2, 5, k.values(), b.values(), 0.25f,
        new float[][] {wi.values(), wf.values(), wo.values()}, p.values(),
        LstmCell.Options.tensorFlow(Activation.TANH, 1.5f, 0.8f));
    TensorFlowModelsTest.assertSameScores(RnnModel.of(Layer.of(cell)), m.model(), 2, 12);
  }

  @Test
  void gruAndBasicRnnCellsFromAFolderWithACheckpointStateFile() throws IOException {
    Tensor gk = t("model/rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel", 4 + 3, 6);
    Tensor gb = t("model/rnn/multi_rnn_cell/cell_0/gru_cell/gates/bias", 6);
    Tensor ck = t("model/rnn/multi_rnn_cell/cell_0/gru_cell/candidate/kernel", 4 + 3, 3);
    Tensor cb = t("model/rnn/multi_rnn_cell/cell_0/gru_cell/candidate/bias", 3);
    Tensor rk = t("model/rnn/multi_rnn_cell/cell_1/basic_rnn_cell/kernel", 3 + 2, 2);
    Tensor rb = t("model/rnn/multi_rnn_cell/cell_1/basic_rnn_cell/bias", 2);
    TensorFlowCheckpointWriter.save(dir.resolve("model.ckpt-1"), f32All(t("model/rnn/x/kernel", 2)), List.of());
    TensorFlowCheckpointWriter.save(dir.resolve("model.ckpt-2"), f32All(gk, gb, ck, cb, rk, rb), List.of());
    Files.writeString(dir.resolve("checkpoint"), "model_checkpoint_path: \"" + dir.resolve("model.ckpt-2")
        + "\"\nall_model_checkpoint_paths: \"model.ckpt-1\"\nall_model_checkpoint_paths: \"model.ckpt-2\"\n");
    LoadedModel m = Models.load(LocalWeightSource.of(dir), new ModelHints(null, null, Activation.RELU, null, null, null));
    RnnModel expected = RnnModel.of(new Layer(List.of(
        GruCell.fromTensorFlow(4, 3, gk.values(), gb.values(), ck.values(), cb.values(), Activation.RELU),
        SimpleRnnCell.fromTensorFlow(3, 2, rk.values(), rb.values(), Activation.RELU)), List.of()));
    TensorFlowModelsTest.assertSameScores(expected, m.model(), 4, 13);
  }

  @Test
  void shardedBidirectionalCheckpointMergedByTensorFlowReadsEveryShard() throws IOException {
    List<Tensor> fw = new ArrayList<>();
    List<Tensor> bw = new ArrayList<>();
    int[][] sizes = {{3, 4}, {4, 2}};
    for (int depth = 0; depth < 2; depth++) {
      int in = sizes[depth][0];
      int units = sizes[depth][1];
      for (List<Tensor> list : List.of(fw, bw)) {
        String p = "bidirectional_rnn/" + (list == fw ? "fw" : "bw") + "/multi_rnn_cell/cell_" + depth + "/basic_lstm_cell/";
        list.add(t(p + "kernel", in + units, 4 * units));
        list.add(t(p + "bias", 4 * units));
      }
    }
    Path prefix = dir.resolve("sharded.ckpt");
    TensorFlowCheckpointWriter.saveSharded(prefix, List.of(f32All(fw.toArray(new Tensor[0])), f32All(bw.toArray(new Tensor[0]))));
    assertTrue(Files.exists(dir.resolve("sharded.ckpt.data-00000-of-00002")), "shard 0");
    assertTrue(Files.exists(dir.resolve("sharded.ckpt.data-00001-of-00002")), "shard 1");
    TensorFile file = Models.readTensors(LocalWeightSource.of(dir.resolve("sharded.ckpt.index")));
    assertReadBackExactly(file, fw.toArray(new Tensor[0]));
    assertReadBackExactly(file, bw.toArray(new Tensor[0]));
    LoadedModel m = Models.load(LocalWeightSource.of(prefix), new ModelHints(null, null, null, null, null, null, 2, true, null));
    LstmCell.Options options = LstmCell.Options.tensorFlow(Activation.TANH, Float.NaN, Float.NaN);
    List<List<Cell>> stacks = new ArrayList<>();
    for (List<Tensor> list : List.of(fw, bw)) {
      List<Cell> cells = new ArrayList<>();
      for (int depth = 0; depth < 2; depth++) {
        cells.add(LstmCell.fromTensorFlow(sizes[depth][0], sizes[depth][1], list.get(2 * depth).values(),
            list.get(2 * depth + 1).values(), 1f, null, null, options));
      }
      stacks.add(cells);
    }
    TensorFlowModelsTest.assertSameScores(RnnModel.of(new Layer(stacks.get(0), stacks.get(1))), m.model(), 3, 14);
  }

  @Test
  void float64HalfAndBfloat16AndStringTensorsWrittenByTensorFlowAreDecoded() throws IOException {
    float[] exact = {0f, -0.25f, 1.5f, -3f, 0.125f, 65504f, -0.0f, 6.1035156e-05f};
    Tensor base = new Tensor("v", "float32", new long[] {2, 4}, exact);
    List<Item> items = new ArrayList<>();
    for (String dtype : List.of("float64", "float16", "bfloat16")) {
      items.add(new Item(new Tensor("as_" + dtype, "float32", base.shape(), exact), dtype));
    }
    float[] tiny = {5.9604645e-08f, 1e-3f, 3.1415927f}; // a half subnormal, and values both formats round
    items.add(new Item(new Tensor("tiny_half", "float32", new long[] {3}, tiny), "float16"));
    items.add(new Item(new Tensor("tiny_bf16", "float32", new long[] {3}, tiny), "bfloat16"));
    Path prefix = dir.resolve("types");
    TensorFlowCheckpointWriter.save(prefix, items, List.of(new Strings("notes", "", "lstm", "ünïcode")));
    TensorFile file = Models.readTensors(LocalWeightSource.of(prefix));
    for (String dtype : List.of("float64", "float16", "bfloat16")) {
      Tensor t = file.tensors().require("as_" + dtype, 2, 4);
      assertEquals(dtype, t.dtype());
      float[] expected = dtype.equals("bfloat16") ? exact.clone() : exact;
      if (dtype.equals("bfloat16")) {
        expected[5] = 65536f; // 65504 rounds to nearest-even in bfloat16's 8-bit mantissa
      }
      assertArrayEquals(expected, t.values(), dtype);
    }
    // TensorFlow's own rounding: half(1e-3) = 0.0010004044, half(pi) = 3.140625; bfloat16 keeps 8 bits
    assertArrayEquals(new float[] {5.9604645e-08f, 0.0010004044f, 3.140625f},
        file.tensors().require("tiny_half", 3).values());
    assertArrayEquals(new float[] {5.9604645e-08f, 0.0010004044f, 3.140625f},
        new float[] {HalfFloats.halfToFloat(0x0001), HalfFloats.halfToFloat(0x1419), HalfFloats.halfToFloat(0x4248)});
    // bfloat16 keeps the top 16 bits, rounded to nearest even: 1e-3f = 0x3a83126f -> 0x3a83
    assertArrayEquals(new float[] {5.9604645e-08f, Float.intBitsToFloat(0x3a830000), 3.140625f},
        file.tensors().require("tiny_bf16", 3).values());
    assertEquals(List.of("notes string [3]"), file.otherEntries());
  }

  @Test
  void tf2AttributeKeysWithoutAnObjectGraphFeedTheSameInferenceAndSlotsAreIgnored() throws IOException {
    String suffix = "/.ATTRIBUTES/VARIABLE_VALUE";
    Tensor k = t("rnn/basic_rnn_cell/kernel", 2 + 3, 3);
    Tensor b = t("rnn/basic_rnn_cell/bias", 3);
    Tensor slot = t("rnn/basic_rnn_cell/kernel/.OPTIMIZER_SLOT/optimizer/m", 5, 3);
    List<Item> items = new ArrayList<>();
    for (Tensor x : List.of(k, b, slot)) {
      items.add(f32(new Tensor(x.name() + suffix, "float32", x.shape(), x.values())));
    }
    Path prefix = dir.resolve("ckpt-1");
    TensorFlowCheckpointWriter.save(prefix, items, List.of());
    TensorFile file = Models.readTensors(LocalWeightSource.of(prefix));
    assertReadBackExactly(file, k, b, slot);
    LoadedModel m = Models.load(LocalWeightSource.of(prefix), ModelHints.NONE);
    TensorFlowModelsTest.assertSameScores(
        RnnModel.of(Layer.of(SimpleRnnCell.fromTensorFlow(2, 3, k.values(), b.values(), Activation.TANH))), m.model(), 2, 15);
    assertEquals(2, m.provenance().tensors().size());
  }

  @Test
  void variablesSavedBySessionSaveLikeATrainSaverLoadAsAGruCell() throws IOException {
    Tensor gk = t("rnn/gru_cell/gates/kernel", 3 + 2, 4);
    Tensor gb = t("rnn/gru_cell/gates/bias", 4);
    Tensor ck = t("rnn/gru_cell/candidate/kernel", 3 + 2, 2);
    Tensor cb = t("rnn/gru_cell/candidate/bias", 2);
    Path prefix = dir.resolve("saver").resolve("model.ckpt");
    TensorFlowCheckpointWriter.saveVariables(prefix, List.of(gk, gb, ck, cb));
    assertReadBackExactly(Models.readTensors(LocalWeightSource.of(prefix)), gk, gb, ck, cb);
    LoadedModel m = Models.load(LocalWeightSource.of(prefix), ModelHints.NONE);
    TensorFlowModelsTest.assertSameScores(RnnModel.of(Layer.of(
        GruCell.fromTensorFlow(3, 2, gk.values(), gb.values(), ck.values(), cb.values(), Activation.TANH))),
        m.model(), 3, 16);
  }
}
