package dev.unroll.weights;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.ModelHints;
import dev.unroll.testing.OnnxGraphBytes;
import dev.unroll.weights.load.Models;
import dev.unroll.weights.tensorflow.TableReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader bugs {@link LoaderFuzzTest} found (with its seed or others; one while writing its seeds), each pinned
 * by the smallest input that showed it: every one used to escape as an exception other than
 * {@link WeightsException}, or to allocate by a size the file did not back.
 */
class FuzzFindingsTest {
  @TempDir Path dir;

  private WeightsException refused(String fileName, byte[] bytes) {
    Path file = TestArrays.write(dir.resolve(fileName), bytes);
    return assertThrows(WeightsException.class, () -> Models.load(LocalWeightSource.of(file), ModelHints.NONE));
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "'" + p + "' not in: " + e.getMessage());
    }
  }

  @Test
  void kerasArchiveCutShortIsRefusedNamingTheFileNotLeakingAnEofException() {
    byte[] archive = FuzzSeeds.read(FuzzSeeds.FIXTURES.resolve("keras/keras3_embedding_bigru_lstm.keras"));
    WeightsException e = refused("cut.keras", Arrays.copyOf(archive, 30));
    assertMentions(e, "cut.keras", "no end-of-central-directory record");
  }

  @Test
  void kerasH5WithADamagedSuperblockIsRefusedNamingTheFileNotLeakingAnArithmeticException() {
    byte[] h5 = FuzzSeeds.read(FuzzSeeds.FIXTURES.resolve("keras/keras2_bidirectional_split.h5"));
    byte[] damaged = new byte[h5.length + 1]; // one zero byte inserted at 14 shifts the superblock's fields
    System.arraycopy(h5, 0, damaged, 0, 14);
    System.arraycopy(h5, 14, damaged, 15, h5.length - 14);
    WeightsException e = refused("shifted.h5", damaged);
    assertMentions(e, "shifted.h5", "not a readable HDF5 file");
  }

  @Test
  void onnxExternalDataFileThatIsNotNextToTheModelIsRefusedNamingTensorAndFile() throws Exception {
    Path model = Files.copy(FuzzSeeds.FIXTURES.resolve("torch/lstm_external.onnx"), dir.resolve("lstm_external.onnx"));
    WeightsException e = assertThrows(WeightsException.class,
        () -> Models.load(LocalWeightSource.of(model), ModelHints.NONE));
    assertMentions(e, "lstm_external.onnx", "tensor '", "'lstm_external.onnx.data'", "not next to the model");
  }

  @Test
  void npzMemberClaimingAHugeUncompressedSizeIsRefusedWithoutAllocatingIt() throws Exception {
    float[] noise = new float[64 * 1024]; // 256 KB that deflate cannot shrink much
    Random random = new Random(7);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = random.nextFloat();
    }
    byte[] zip = TestArrays.zip(Map.of("w.npy", TestArrays.npyFloat32(new long[] {noise.length}, noise)), true);
    ByteBuffer le = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int central = centralDirectoryEntry(zip);
    long compressed = le.getInt(central + 20) & 0xffffffffL;
    long claimed = compressed * 1000; // within deflate's 1032x ratio, so only inflating can refute it
    le.putInt(central + 24, (int) claimed);

    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Models.readTensors(LocalWeightSource.of(TestArrays.write(dir.resolve("warm.npz"), TestArrays.zip(
        Map.of("w.npy", TestArrays.npyFloat32(new long[] {1}, new float[1])), true)))); // class loading, once
    long before = threads.getThreadAllocatedBytes(thread);
    WeightsException e = assertThrows(WeightsException.class,
        () -> Models.readTensors(LocalWeightSource.of(TestArrays.write(dir.resolve("claims.npz"), zip))));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertMentions(e, "claims.npz", "w.npy", String.valueOf(claimed));
    // the archive (~250 KB) is read, copied and inflated a few times over; the claim is ~250 MB
    assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes for a claim of " + claimed);
  }

  @Test
  void tableEntryWhoseTwoLengthsOverflowALongWhenAddedIsRefused() {
    byte[] lengths = concat(Mutations.varint(0), Mutations.varint((1L << 62) + 100), Mutations.varint(1L << 62));
    byte[] block = concat(lengths, new byte[] {'k'}, new byte[] {0, 0, 0, 0}, new byte[] {1, 0, 0, 0});
    WeightsException e = assertThrows(WeightsException.class, () -> TableReader.entries("fuzz-input/v.index", block));
    assertMentions(e, "fuzz-input/v.index", "malformed entry");
  }

  @Test
  void onnxConstantNodeWithoutOutputsOrWithANonTensorValueIsRefusedNamingTheNode() {
    OnnxGraphBytes noOutput = new OnnxGraphBytes().input("x")
        .node("Constant", "k", new String[0], new String[0], OnnxGraphBytes.floatAttribute("value_float", 1f));
    WeightsException e = refused("no-output.onnx", noOutput.model());
    assertMentions(e, "no-output.onnx", "Constant", "one output");

    OnnxGraphBytes intValue = new OnnxGraphBytes().input("x")
        .node("Constant", "k", new String[0], new String[] {"k_out"}, OnnxGraphBytes.intAttribute("value", 3));
    e = refused("int-value.onnx", intValue.model());
    assertMentions(e, "int-value.onnx", "attribute 'value' is INT, expected TENSOR");
  }

  private static int centralDirectoryEntry(byte[] zip) {
    ByteBuffer le = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = zip.length - 22; p >= 0; p--) {
      if (le.getInt(p) == 0x02014b50) {
        return p;
      }
    }
    throw new AssertionError("no central directory entry");
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
