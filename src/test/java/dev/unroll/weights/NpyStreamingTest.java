package dev.unroll.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.arrays.Npy;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed {@code .npy} reader (for embedding tables over 2 GiB, which no byte[] holds) against the
 * in-memory one, on every NumPy-written fixture, with chunks small enough that each array spans many.
 */
class NpyStreamingTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/npz");

  @TempDir Path dir;

  @Test
  void everyFixtureStreamedInSmallChunksReadsAsTheWholeFileDoesWithTheSameSha256() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".npy")).sorted().toList();
    }
    int compared = 0;
    for (Path p : files) {
      TensorFile whole;
      try {
        whole = Models.readTensors(LocalWeightSource.of(p));
      } catch (WeightsException refused) {
        // object and structured dtypes: the streamed reader must refuse them too
        assertThrows(WeightsException.class, () -> Npy.readStreaming(LocalWeightSource.of(p), "x", 8), p.toString());
        continue;
      }
      for (int chunk : new int[] {1, 3, 8, 24, 1 << 20}) {
        TensorFile streamed = Npy.readStreaming(LocalWeightSource.of(p), whole.tensors().names().iterator().next(), chunk);
        Tensor a = whole.tensors().all().get(0);
        Tensor b = streamed.tensors().all().get(0);
        assertEquals(a.describe(), b.describe(), p + " chunk " + chunk);
        assertArrayEquals(a.values(), b.values(), p + " chunk " + chunk);
        assertEquals(whole.sha256(), streamed.sha256(), p + " chunk " + chunk);
      }
      compared++;
    }
    assertEquals(8, compared, "NumPy fixtures with numeric dtypes (10, less object.npy and structured.npy)");
  }

  @Test
  void aStreamedFileShorterThanItsShapeIsRefusedBeforeTheArrayIsAllocated() throws IOException {
    byte[] good = TestArrays.npyFloat32(new long[] {4, 4}, new float[16]);
    Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(good, good.length - 3));
    WeightsException e = assertThrows(WeightsException.class,
        () -> Npy.readStreaming(LocalWeightSource.of(cut), "cut", 16));
    assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("[4, 4]"), e.getMessage());
  }
}
