package dev.unroll.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.model.ModelHints;
import dev.unroll.testing.NpzFiles;
import dev.unroll.weights.load.Models;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not what their name says get one line naming the file, what was found and what that
 * name should hold; a bias that does not fit its kernel is blamed, not the kernel.
 */
class UnreadableWeightsMessagesTest {
  private static final String READABLE = "unroll reads .npz and .npy (NumPy), TensorFlow checkpoints (.index,"
      + " prefix or folder), .safetensors, .onnx and Keras .h5/.keras";

  @TempDir Path dir;

  private String error(String name, byte[] bytes) throws Exception {
    Path file = Files.write(dir.resolve(name), bytes);
    return assertThrows(WeightsException.class, () -> Models.load(LocalWeightSource.of(file), ModelHints.NONE))
        .getMessage();
  }

  @Test
  void anEmptyFileSaysItIsEmptyRatherThanShowingNoBytes() throws Exception {
    assertEquals(dir.resolve("model.npz") + ": not a weights file (the file is empty, 0 bytes): an .npz file"
        + " should be a NumPy zip archive (its first bytes are 50 4b, PK); " + READABLE,
        error("model.npz", new byte[0]));
  }

  @Test
  void bytesThatAreNoFormatAreToldWhatTheirExtensionMeans() throws Exception {
    byte[] text = "this is not a model".getBytes(StandardCharsets.US_ASCII); // 74 68 69 73 20 69 73 20
    Map<String, String> promises = new LinkedHashMap<>();
    promises.put("m.onnx", "an .onnx file should be an ONNX model (a protobuf ModelProto; its first byte is 08)");
    promises.put("m.h5", "an .h5 file should be a Keras HDF5 model (its first bytes are 89 48 44 46, \\x89HDF)");
    promises.put("m.keras", "a .keras file should be a Keras 3 zip archive (its first bytes are 50 4b, PK)");
    promises.put("m.npz", "an .npz file should be a NumPy zip archive (its first bytes are 50 4b, PK)");
    promises.put("m.pt", "a PyTorch .pt file is a pickle, which unroll does not read: save the state_dict as"
        + " .safetensors or .npz");
    for (var e : promises.entrySet()) {
      assertEquals(dir.resolve(e.getKey()) + ": not a weights file (first bytes 74 68 69 73 20 69 73 20): "
          + e.getValue() + "; " + READABLE, error(e.getKey(), text));
    }
    assertEquals(dir.resolve("m.bin2") + ": not a weights file (first bytes 74 68 69 73 20 69 73 20): " + READABLE,
        error("m.bin2", text));
  }

  @Test
  void aBiasThatDoesNotFitItsKernelIsBlamed() throws Exception {
    // BasicLSTMCell, input 3, units 4: kernel [7, 16] is right, bias [12] is not
    Map<String, NpzFiles.Array> lstm = new LinkedHashMap<>();
    lstm.put("rnn/basic_lstm_cell/kernel", NpzFiles.f32(new float[7 * 16], 7, 16));
    lstm.put("rnn/basic_lstm_cell/bias", NpzFiles.f32(new float[12], 12));
    Path lstmFile = NpzFiles.write(dir.resolve("lstm.npz"), lstm);
    // BasicRNNCell, input 3, units 2: kernel [5, 2], bias [3]
    Map<String, NpzFiles.Array> rnn = new LinkedHashMap<>();
    rnn.put("rnn/basic_rnn_cell/kernel", NpzFiles.f32(new float[5 * 2], 5, 2));
    rnn.put("rnn/basic_rnn_cell/bias", NpzFiles.f32(new float[3], 3));
    Path rnnFile = NpzFiles.write(dir.resolve("rnn.npz"), rnn);
    List<String> errors = List.of(
        assertThrows(WeightsException.class, () -> Models.load(LocalWeightSource.of(lstmFile), ModelHints.NONE))
            .getMessage(),
        assertThrows(WeightsException.class, () -> Models.load(LocalWeightSource.of(rnnFile), ModelHints.NONE))
            .getMessage());
    assertEquals(List.of(
        lstmFile + ": variable rnn/basic_lstm_cell/bias should have shape [16] to fit kernel [7, 16] (4 units),"
            + " found [12]",
        rnnFile + ": variable rnn/basic_rnn_cell/bias should have shape [2] to fit kernel [5, 2] (2 units),"
            + " found [3]"), errors);
  }
}
