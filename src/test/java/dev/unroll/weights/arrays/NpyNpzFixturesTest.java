package dev.unroll.weights.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.ModelHints;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files written by NumPy itself ({@code src/test/resources/fixtures/npz/make_fixtures.py}). */
class NpyNpzFixturesTest {
  static final Path DIR = Path.of("src/test/resources/fixtures/npz");

  /** The fixture script's {@code ramp}: element k is {@code k * 0.25 - 1}. */
  static float[] ramp(int n) {
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = (float) (k * 0.25 - 1.0);
    }
    return v;
  }

  static TensorFile read(String name) throws IOException {
    return Models.readTensors(LocalWeightSource.of(DIR.resolve(name)));
  }

  @ParameterizedTest
  @CsvSource({
    "v1_f4.npy, float32, 2;3",
    "v2_f8.npy, float64, 3;2",
    "v3_f4.npy, float32, 4",
    "big_endian_f4.npy, float32, 2;3",
    "big_endian_f8.npy, float64, 2;3",
    "half_f2.npy, float16, 5",
  })
  void npyVersionsByteOrdersAndFloatWidthsReadNumpysValues(String file, String dtype, String dims)
      throws IOException {
    TensorFile f = read(file);
    Tensor t = f.tensors().all().get(0);
    long[] shape = java.util.Arrays.stream(dims.split(";")).mapToLong(Long::parseLong).toArray();
    assertEquals("npy", f.format());
    assertEquals(dtype, t.dtype());
    assertArrayEquals(shape, t.shape());
    assertArrayEquals(ramp((int) Tensor.elementCount(shape)), t.values());
  }

  @Test
  void scalarHasEmptyShapeAndOneValue() throws IOException {
    Tensor t = read("scalar_f4.npy").tensors().all().get(0);
    assertArrayEquals(new long[0], t.shape());
    assertArrayEquals(new float[] {-1f}, t.values());
  }

  @Test
  void fortranOrderIsReturnedInRowMajorOrder() throws IOException {
    Tensor t = read("fortran_f4.npy").tensors().all().get(0);
    assertArrayEquals(new long[] {2, 3, 4}, t.shape());
    assertArrayEquals(ramp(24), t.values()); // the C-order values, whatever the storage order
  }

  @ParameterizedTest
  @CsvSource({"object.npy, |O", "structured.npy, structured"})
  void objectAndStructuredDtypesAreRefused(String file, String mentioned) {
    WeightsException e = assertThrows(WeightsException.class, () -> read(file));
    assertTrue(e.getMessage().contains(file) && e.getMessage().contains(mentioned), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"basic_lstm_stored.npz", "basic_lstm_deflated.npz"})
  void storedAndDeflatedNpzMembersReadBackWithTheirKeys(String file) throws IOException {
    TensorFile f = read(file);
    assertEquals("npz", f.format());
    assertEquals(Set.of("rnn/basic_lstm_cell/kernel", "rnn/basic_lstm_cell/bias",
        "rnn/basic_lstm_cell/kernel/Adam", "global_step"), f.tensors().names());
    float[] kernel = ramp(40);
    for (int k = 0; k < 40; k++) {
      kernel[k] /= 4;
    }
    assertArrayEquals(kernel, f.tensors().require("rnn/basic_lstm_cell/kernel", 5, 8).values());
    assertArrayEquals(new float[] {7f}, f.tensors().require("global_step").values());
    assertEquals(64, f.sha256().length());
  }

  @Test
  void npzKeyedByTensorFlowNamesLoadsAStackOfGruCells() throws IOException {
    LoadedModel m = Models.load(LocalWeightSource.of(DIR.resolve("multi_gru.npz")), ModelHints.NONE);
    assertEquals(1, m.model().layers().size());
    assertEquals(2, m.model().layers().get(0).forward().size());
    assertEquals(3, m.model().inputSize());
    assertEquals(2, m.model().outputSize());
    assertEquals("npz", m.provenance().format());
    assertEquals(8, m.provenance().tensors().size());
    // the float64 big-endian gates kernel arrives as float32 of NumPy's float64 values
    Tensor gates = read("multi_gru.npz").tensors().require("rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel", 5, 4);
    assertEquals("float64", gates.dtype());
    assertEquals((float) ((3 * 0.25 - 1.0) / 5), gates.values()[3]);
  }

  @Test
  void optimizerSlotsAndGlobalStepAreNotTakenForCellVariables() throws IOException {
    LoadedModel m = Models.load(LocalWeightSource.of(DIR.resolve("basic_lstm_deflated.npz")), ModelHints.NONE);
    assertEquals(java.util.List.of("rnn/basic_lstm_cell/bias float32 [8]", "rnn/basic_lstm_cell/kernel float32 [5, 8]"),
        m.provenance().tensors().stream().sorted().toList());
  }

  @ParameterizedTest
  @CsvSource({"streamed_zip64.npz", "streamed_zip64_deflated.npz"})
  void npzStreamedWithDataDescriptorsAndZip64SizesLoads(String file) throws IOException {
    // written to a write-only stream: local headers carry no sizes, a data descriptor follows each member
    LoadedModel m = Models.load(LocalWeightSource.of(DIR.resolve(file)), ModelHints.NONE);
    assertEquals("SimpleRNN(input=3, units=2, activation=tanh)", m.model().layers().get(0).forward().get(0).describe());
    assertArrayEquals(ramp(10), read(file).tensors().require("rnn/basic_rnn_cell/kernel", 5, 2).values());
    assertArrayEquals(ramp(2), read(file).tensors().require("rnn/basic_rnn_cell/bias", 2).values());
  }
}
