package dev.unroll.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real checkpoints TensorFlow wrote for TensorFlow Serving's tests ({@code src/test/resources/testdata/tf-checkpoints},
 * whose README lists every value): TF1 and TF2 names, Snappy and plain index blocks, a string tensor.
 */
class CheckpointFixturesTest {
  static final Path DIR = Path.of("src/test/resources/testdata/tf-checkpoints");

  private static TensorFile read(String folder) throws IOException {
    return Models.readTensors(LocalWeightSource.of(DIR.resolve(folder)));
  }

  private static Map<String, Float> scalars(TensorFile f) {
    Map<String, Float> out = new LinkedHashMap<>();
    for (Tensor t : f.tensors().all()) {
      assertEquals("float32", t.dtype(), t.name());
      assertArrayEquals(new long[0], t.shape(), t.name());
      out.put(t.name(), t.values()[0]);
    }
    return out;
  }

  @Test
  void tf1SnappyCompressedIndexReadsEveryValue() throws IOException {
    TensorFile f = read("saved_model_half_plus_two_cpu");
    assertEquals(Map.of("a", 0.5f, "a2", 0.5f, "b", 2.0f, "c", 3.0f, "c2", 3.0f), scalars(f));
    assertEquals(List.of("a", "a2", "b", "c", "c2"), List.copyOf(f.tensors().names()));
    assertEquals("tf-checkpoint", f.format());
  }

  @Test
  void tf2ObjectGraphNamesAndTheStringTensorAreRead() throws IOException {
    TensorFile f = read("saved_model_half_plus_two_tf2_cpu");
    // full_name in the object graph maps a/.ATTRIBUTES/VARIABLE_VALUE back to the variable 'a'
    assertEquals(Map.of("a", 0.5f, "b", 2.0f, "c", 3.0f), scalars(f));
    assertEquals(List.of("_CHECKPOINTABLE_OBJECT_GRAPH string []"), f.otherEntries());
  }

  @Test
  void plainIndexBlocksAreRead() throws IOException {
    assertEquals(Map.of("a", 0.5f, "b", 3.0f, "c", 3.0f), scalars(read("saved_model_half_plus_three")));
    assertEquals(Map.of("counter", 0.0f), scalars(read("saved_model_counter")));
  }

  @Test
  void indexFileAndPrefixNameTheSameCheckpointWithOneChecksumOfIndexThenShards() throws IOException {
    Path folder = DIR.resolve("saved_model_half_plus_three");
    TensorFile byIndex = Models.readTensors(LocalWeightSource.of(folder.resolve("variables.index")));
    TensorFile byPrefix = Models.readTensors(LocalWeightSource.of(folder.resolve("variables")));
    assertEquals(byIndex.tensors().describe(), byPrefix.tensors().describe());
    assertEquals(concatenatedSha256(folder.resolve("variables.index"), folder.resolve("variables.data-00000-of-00001")),
        byIndex.sha256());
    assertEquals(byIndex.sha256(), byPrefix.sha256());
  }

  @Test
  void aChangedDataShardChangesTheChecksumThoughTheIndexIsTheSame(@TempDir Path copy) throws IOException {
    Path folder = DIR.resolve("saved_model_half_plus_three");
    Files.copy(folder.resolve("variables.index"), copy.resolve("variables.index"));
    byte[] shard = Files.readAllBytes(folder.resolve("variables.data-00000-of-00001"));
    // one more byte past every tensor: the checkpoint still loads, but its bytes are not the original's
    Files.write(copy.resolve("variables.data-00000-of-00001"), java.util.Arrays.copyOf(shard, shard.length + 1));
    TensorFile original = Models.readTensors(LocalWeightSource.of(folder.resolve("variables")));
    TensorFile changed = Models.readTensors(LocalWeightSource.of(copy.resolve("variables")));
    assertEquals(original.tensors().describe(), changed.tensors().describe());
    assertNotEquals(original.sha256(), changed.sha256());
    assertEquals(concatenatedSha256(copy.resolve("variables.index"), copy.resolve("variables.data-00000-of-00001")),
        changed.sha256());
  }

  /** What {@code cat files... | sha256sum} prints, computed here with the JDK alone. */
  private static String concatenatedSha256(Path... files) throws IOException {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        digest.update(Files.readAllBytes(file));
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
