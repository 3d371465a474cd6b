package dev.unroll.weights.arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.model.ModelHints;
import dev.unroll.testing.NpzFiles;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TestArrays;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.load.Models;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile .npy/.npz files: one clear error each, never a partial result or an OOM. */
class NpyNpzBadInputTest {
  @TempDir Path dir;

  private WeightsException fails(String fileName, byte[] bytes) {
    Path file = TestArrays.write(dir.resolve(fileName), bytes);
    return assertThrows(WeightsException.class, () -> Models.readTensors(LocalWeightSource.of(file)));
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "'" + p + "' not in: " + e.getMessage());
    }
  }

  @Test
  void truncatedNpyDataNamesTheShapeAndTheBytesPresent() {
    byte[] good = TestArrays.npyFloat32(new long[] {2, 3}, new float[6]);
    WeightsException e = fails("cut.npy", Arrays.copyOf(good, good.length - 5));
    assertMentions(e, "cut.npy", "[2, 3]", "24 bytes", "19");
  }

  @Test
  void truncatedNpyHeaderIsReported() {
    byte[] good = TestArrays.npyFloat32(new long[] {2}, new float[2]);
    assertMentions(fails("head.npy", Arrays.copyOf(good, 40)), "head.npy", "header declares");
  }

  @Test
  void badMagicIsAnUnknownFormat() {
    assertMentions(fails("x.npy", "hello, not numpy".getBytes(StandardCharsets.US_ASCII)),
        "x.npy", "not a weights file (first bytes 68 65 6c 6c", "an .npy file should be");
  }

  @Test
  void declaredShapeLargerThanTheFileFailsBeforeAllocating() {
    byte[] huge = NpzFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", new byte[16]);
    assertMentions(fails("huge.npy", huge), "huge.npy", "(100000, 100000)".replace("(", "[").replace(")", "]"));
  }

  @Test
  void overflowingShapeIsRefused() {
    byte[] bytes = NpzFiles.npy(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 4), }", new byte[16]);
    assertMentions(fails("o.npy", bytes), "o.npy", "[9223372036854775807, 4]");
  }

  @Test
  void unsupportedDtypeNamesIt() {
    byte[] bytes = NpzFiles.npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
    assertMentions(fails("complex.npy", bytes), "complex.npy", "'<c8'");
  }

  @Test
  void unknownNpyVersionIsRefused() {
    byte[] bytes = TestArrays.npyFloat32(new long[] {1}, new float[1]);
    bytes[6] = 9;
    assertMentions(fails("v9.npy", bytes), "v9.npy", "version 9.0");
  }

  @Test
  void npzMemberEscapingItsFolderIsRefused() {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("../../etc/evil.npy", TestArrays.npyFloat32(new long[] {1}, new float[1]));
    assertMentions(fails("evil.npz", TestArrays.zip(members, false)), "evil.npz", "../../etc/evil.npy", "escapes");
  }

  @Test
  void npzMemberWithAbsolutePathIsRefused() {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("/tmp/abs.npy", TestArrays.npyFloat32(new long[] {1}, new float[1]));
    assertMentions(fails("abs.npz", TestArrays.zip(members, true)), "abs.npz", "/tmp/abs.npy");
  }

  @Test
  void truncatedNpzIsReported() {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("a.npy", TestArrays.npyFloat32(new long[] {64}, new float[64]));
    byte[] zip = TestArrays.zip(members, false);
    assertMentions(fails("cut.npz", Arrays.copyOf(zip, 150)), "cut.npz");
  }

  @Test
  void npzMemberDeclaringMoreDataThanItHoldsIsReported() {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("rnn/basic_rnn_cell/kernel.npy",
        NpzFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }", new byte[40]));
    assertMentions(fails("short.npz", TestArrays.zip(members, true)),
        "short.npz member rnn/basic_rnn_cell/kernel.npy", "[1000, 1000]", "4000000 bytes");
  }

  @Test
  void missingVariableNamesTheFileTheCellAndWhatIsThere() throws Exception {
    java.util.Random random = new java.util.Random(1);
    Path file = TestArrays.npz(dir, "nobias.npz", TestArrays.byName(
        TestArrays.random(random, "rnn/basic_rnn_cell/kernel", 5, 2)));
    WeightsException e = assertThrows(WeightsException.class,
        () -> Models.load(LocalWeightSource.of(file), ModelHints.NONE));
    assertMentions(e, "nobias.npz", "rnn/basic_rnn_cell/bias", "missing", "kernel [5, 2]");
  }

  @Test
  void wrongShapeNamesExpectedAndFound() throws Exception {
    java.util.Random random = new java.util.Random(2);
    Path file = TestArrays.npz(dir, "shape.npz", TestArrays.byName(
        TestArrays.random(random, "rnn/gru_cell/gates/kernel", 5, 4),
        TestArrays.random(random, "rnn/gru_cell/gates/bias", 4),
        TestArrays.random(random, "rnn/gru_cell/candidate/kernel", 5, 3),
        TestArrays.random(random, "rnn/gru_cell/candidate/bias", 2)));
    WeightsException e = assertThrows(WeightsException.class,
        () -> Models.load(LocalWeightSource.of(file), ModelHints.NONE));
    assertMentions(e, "shape.npz", "rnn/gru_cell/candidate/kernel", "[5, 2]", "[5, 3]");
  }

  @Test
  void integerKernelIsAWrongDtype() throws Exception {
    ByteBuffer data = ByteBuffer.allocate(4 * 10).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("rnn/basic_rnn_cell/kernel.npy",
        NpzFiles.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (5, 2), }", data.array()));
    members.put("rnn/basic_rnn_cell/bias.npy", TestArrays.npyFloat32(new long[] {2}, new float[2]));
    Path file = TestArrays.write(dir.resolve("int.npz"), TestArrays.zip(members, true));
    WeightsException e = assertThrows(WeightsException.class,
        () -> Models.load(LocalWeightSource.of(file), ModelHints.NONE));
    assertMentions(e, "int.npz", "rnn/basic_rnn_cell/kernel", "floating-point", "int32");
  }

  @Test
  void requireNamesFileTensorExpectedAndFoundShapes() throws Exception {
    NamedTensors t = new NamedTensors("f.npz", java.util.List.of(new Tensor("a", "float32", new long[] {2}, new float[2])));
    assertMentions(assertThrows(WeightsException.class, () -> t.require("a", 3)), "f.npz", "'a'", "[3]", "[2]");
    assertMentions(assertThrows(WeightsException.class, () -> t.require("b", 2)), "f.npz", "'b'", "missing", "[a]");
  }

  @Test
  void siblingAndChildRefuseNamesThatEscapeTheFolder() throws Exception {
    WeightSource source = LocalWeightSource.of(dir.resolve("model.ckpt.index"));
    for (String bad : new String[] {"..", "../x", "/etc/passwd", "a/../../b", "", "c:evil", "a\\b"}) {
      assertThrows(IllegalArgumentException.class, () -> source.sibling(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> source.child(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> source.sibling("variables/variables.index"));
    assertTrue(source.sibling("model.ckpt.data-00000-of-00001").describe().endsWith("model.ckpt.data-00000-of-00001"));
    assertTrue(Files.exists(dir));
  }

  private static byte[] oneMemberZip(boolean deflate) {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("a.npy", TestArrays.npyFloat32(new long[] {4}, new float[] {1, 2, 3, 4}));
    return TestArrays.zip(members, deflate);
  }

  /** Offset of the (only) central directory entry. */
  private static int centralEntry(byte[] zip) {
    for (int p = zip.length - 46; p >= 0; p--) {
      if (zip[p] == 'P' && zip[p + 1] == 'K' && zip[p + 2] == 1 && zip[p + 3] == 2) {
        return p;
      }
    }
    throw new AssertionError("no central directory entry");
  }

  @Test
  void npzMemberCrcMismatchIsReported() {
    byte[] zip = oneMemberZip(false);
    zip[zip.length / 3] ^= 0x55; // inside the stored member's data
    assertMentions(fails("crc.npz", zip), "crc.npz", "'a.npy'", "CRC-32 mismatch");
  }

  @Test
  void npzMemberDeclaringMoreBytesThanTheArchiveHoldsIsReportedBeforeAllocating() {
    byte[] zip = oneMemberZip(true);
    ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(centralEntry(zip) + 20, 0x7fff0000); // compressed size
    assertMentions(fails("big.npz", zip), "big.npz", "'a.npy'", "declares 2147418112 bytes");
    byte[] zip2 = oneMemberZip(true);
    ByteBuffer.wrap(zip2).order(ByteOrder.LITTLE_ENDIAN).putInt(centralEntry(zip2) + 24, 0x7fff0000); // uncompressed
    assertMentions(fails("bomb.npz", zip2), "bomb.npz", "'a.npy'", "declares 2147418112 bytes uncompressed");
  }
}
