package dev.unroll.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.model.ModelHints;
import dev.unroll.weights.load.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a loaded model says about where it came from, and how the job logs and records it. */
class ProvenanceTest {
  @TempDir Path dir;

  @Test
  void loadedModelCarriesSourceFormatChecksumAndTheTensorsItWasBuiltFrom() throws Exception {
    Random random = new Random(11);
    Path file = TestArrays.npz(dir, "model.npz", TestArrays.byName(
        TestArrays.random(random, "rnn/basic_rnn_cell/kernel", 5, 2),
        TestArrays.random(random, "rnn/basic_rnn_cell/bias", 2),
        TestArrays.random(random, "global_step")));

    Provenance p = Models.load(LocalWeightSource.of(file), ModelHints.NONE).provenance();

    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    assertEquals(new Provenance(file.toString(), "npz", sha,
        List.of("rnn/basic_rnn_cell/kernel float32 [5, 2]", "rnn/basic_rnn_cell/bias float32 [2]")), p);
    assertEquals("weights " + file + " (npz, sha256 " + sha + "): 2 tensors: rnn/basic_rnn_cell/kernel float32"
        + " [5, 2], rnn/basic_rnn_cell/bias float32 [2]", p.summary());
    assertEquals("{\"source\": \"" + file + "\", \"format\": \"npz\", \"sha256\": \"" + sha + "\", \"tensors\": "
        + "[\"rnn/basic_rnn_cell/kernel float32 [5, 2]\", \"rnn/basic_rnn_cell/bias float32 [2]\"]}", p.toJson());
  }

  @Test
  void jsonEscapesQuotesBackslashesAndControlCharacters() {
    Provenance p = new Provenance("C:\\models\\\"q\".npz", "npz", null, List.of("a\tb\nc\u0001\u2028"));

    assertEquals("{\"source\": \"C:\\\\models\\\\\\\"q\\\".npz\", \"format\": \"npz\", \"sha256\": null, "
        + "\"tensors\": [\"a\\tb\\nc\\u0001\\u2028\"]}", p.toJson());
  }

  @Test
  void summaryOfASingleTensorAndOfNone() {
    assertEquals("weights m.npy (npy, sha256 ab): 1 tensor: w float32 [3]",
        new Provenance("m.npy", "npy", "ab", List.of("w float32 [3]")).summary());
    assertEquals("weights m.onnx (onnx, sha256 ab): 0 tensors",
        new Provenance("m.onnx", "onnx", "ab", List.of()).summary());
  }
}
