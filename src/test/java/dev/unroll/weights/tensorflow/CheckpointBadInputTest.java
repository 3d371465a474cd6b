package dev.unroll.weights.tensorflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.MaskedCrc32c;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged copies of a real checkpoint: each is one clear error naming the file and what is wrong. */
class CheckpointBadInputTest {
  @TempDir Path dir;
  private Path index;
  private Path data;

  @BeforeEach
  void copyTheCounterCheckpoint() throws IOException {
    Path from = CheckpointFixturesTest.DIR.resolve("saved_model_counter");
    index = Files.copy(from.resolve("variables.index"), dir.resolve("variables.index"));
    data = Files.copy(from.resolve("variables.data-00000-of-00001"), dir.resolve("variables.data-00000-of-00001"));
  }

  private WeightsException fails() {
    return assertThrows(WeightsException.class, () -> Models.readTensors(LocalWeightSource.of(index)));
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "'" + p + "' not in: " + e.getMessage());
    }
  }

  private void patchIndex(int at, int... values) throws IOException {
    byte[] b = Files.readAllBytes(index);
    for (int i = 0; i < values.length; i++) {
      b[at + i] = (byte) values[i];
    }
    Files.write(index, b);
  }

  @Test
  void truncatedIndexIsReportedWithItsLength() throws IOException {
    Files.write(index, Arrays.copyOf(Files.readAllBytes(index), 40));
    assertMentions(fails(), "variables.index", "truncated", "40 bytes");
  }

  @Test
  void indexCutInsideTheFooterHasABadMagic() throws IOException {
    Files.write(index, Arrays.copyOf(Files.readAllBytes(index), 100));
    assertMentions(fails(), "variables.index", "footer magic", "0xdb4775248b80fb57");
  }

  @Test
  void badMagicIsReported() throws IOException {
    patchIndex(123 - 1, 0x00);
    assertMentions(fails(), "variables.index", "not a TensorFlow checkpoint index");
  }

  @Test
  void blockCrcMismatchNamesTheBlock() throws IOException {
    patchIndex(0x0c, 'X'); // a byte of the key "counter" in the data block
    assertMentions(fails(), "variables.index", "data block at 0", "crc32c mismatch");
  }

  @Test
  void tensorCrcMismatchNamesTheShardAndTheTensor() throws IOException {
    Files.write(data, new byte[] {0, 0, (byte) 0x80, 0x3f});
    assertMentions(fails(), "variables.data-00000-of-00001", "'counter'", "crc32c mismatch");
  }

  @Test
  void declaredSizeBeyondTheShardIsReportedBeforeReading() throws IOException {
    Files.write(data, new byte[] {0, 0});
    assertMentions(fails(), "variables.data-00000-of-00001", "'counter'", "[0, 4)", "2 bytes");
  }

  @Test
  void missingShardIsReported() throws IOException {
    Files.delete(data);
    assertMentions(fails(), "variables.data-00000-of-00001", "does not exist");
  }

  @Test
  void blockHandleBeyondTheFileIsReported() throws IOException {
    // the footer's index handle (56, 14) becomes (56, 120): past the end of the file
    patchIndex(123 - 48 + 3, 120);
    assertMentions(fails(), "variables.index", "index block", "outside the file");
  }

  @Test
  void unknownCompressionTypeIsReportedAfterItsCrcIsChecked() throws IOException {
    byte[] b = Files.readAllBytes(index);
    b[38] = 2; // the data block's trailer type; recompute the trailer CRC so only the type is wrong
    int crc = MaskedCrc32c.mask(MaskedCrc32c.crc(b, 0, 39));
    for (int i = 0; i < 4; i++) {
      b[39 + i] = (byte) (crc >>> (8 * i));
    }
    Files.write(index, b);
    assertMentions(fails(), "variables.index", "unknown compression type 2");
  }

  @Test
  void aV1CheckpointOrOtherFileIsNotTakenForAnIndex() throws IOException {
    Path v1 = Files.write(dir.resolve("model.ckpt.index"), "not a table at all, but long enough to have a footer of 48 bytes.".getBytes());
    WeightsException e = assertThrows(WeightsException.class, () -> Models.readTensors(LocalWeightSource.of(v1)));
    assertMentions(e, "model.ckpt.index", "V1 checkpoint");
  }

  @Test
  void checkpointStateFileMayNotPointOutsideItsFolder() throws IOException {
    Files.writeString(dir.resolve("checkpoint"), "model_checkpoint_path: \"../elsewhere/model.ckpt\"\n");
    Files.delete(index);
    WeightsException e = assertThrows(WeightsException.class, () -> Models.readTensors(LocalWeightSource.of(dir)));
    assertMentions(e, "checkpoint", "../elsewhere/model.ckpt");
  }

  @Test
  void folderWithoutACheckpointSaysWhatItLookedFor() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    WeightsException e = assertThrows(WeightsException.class, () -> Models.readTensors(LocalWeightSource.of(empty)));
    assertMentions(e, "variables/variables.index", "'checkpoint'");
    assertTrue(List.of(e.getMessage()).get(0).contains("empty"));
  }
}
