package dev.unroll.weights.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.TestArrays;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.load.Models;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * safetensors: a file the safetensors library wrote ({@code fixtures/safetensors/make_fixtures.py}),
 * the format's own worked example, and broken headers.
 */
class SafetensorsTest {
  static final Path FIXTURE = Path.of("src/test/resources/fixtures/safetensors/lstm_mixed.safetensors");
  @TempDir Path dir;

  /** A file from a header text (padded with spaces to a multiple of 8, as the Rust writer does) and data. */
  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded).put(h);
    for (int i = h.length; i < padded; i++) {
      b.put((byte) ' ');
    }
    return b.put(data).array();
  }

  private TensorFile read(String name, byte[] bytes) throws IOException {
    return Models.readTensors(LocalWeightSource.of(TestArrays.write(dir.resolve(name), bytes)));
  }

  private WeightsException fails(String header, byte[] data) {
    return assertThrows(WeightsException.class, () -> read("bad.safetensors", file(header, data)));
  }

  @Test
  void fileWrittenByTheSafetensorsLibraryReadsEveryDtypeAndTheMetadata() throws IOException {
    TensorFile f = Models.readTensors(LocalWeightSource.of(FIXTURE));
    assertEquals("safetensors", f.format());
    assertEquals(List.of("step", "lstm.weight_hh_l0", "lstm.bias_hh_l0", "lstm.weight_ih_l0", "lstm.bias_ih_l0"),
        List.copyOf(f.tensors().names()));
    assertArrayEquals(NpyNpzFixturesTest.ramp(24), f.tensors().require("lstm.weight_ih_l0", 8, 3).values());
    assertArrayEquals(NpyNpzFixturesTest.ramp(16), f.tensors().require("lstm.weight_hh_l0", 8, 2).values());
    assertArrayEquals(NpyNpzFixturesTest.ramp(8), f.tensors().require("lstm.bias_ih_l0", 8).values());
    assertEquals("float16", f.tensors().require("lstm.bias_ih_l0", 8).dtype());
    assertEquals("float64", f.tensors().require("lstm.weight_hh_l0", 8, 2).dtype());
    assertArrayEquals(new float[] {5f}, f.tensors().require("step").values());
    assertEquals(List.of("__metadata__ format=pt", "__metadata__ note=unroll fixture"), f.otherEntries());
  }

  @Test
  void theFormatsWorkedExampleDecodes() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) {
      data.putFloat(i);
    }
    String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    assertEquals(64, header.length()); // no padding, as in the reference test
    Tensor t = read("example.safetensors", file(header, data.array())).tensors().require("attn.0", 1, 2, 3);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.values());
  }

  @Test
  void bfloat16TakesTheTopSixteenBits() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort((short) 0x3f80).putShort((short) 0xc049).putShort((short) 0x7f80);
    String header = "{\"w\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]}}";
    Tensor t = read("bf16.safetensors", file(header, data.array())).tensors().require("w", 3);
    assertArrayEquals(new float[] {1f, -3.140625f, Float.POSITIVE_INFINITY}, t.values());
  }

  @Test
  void headerLengthBeyondTheFileIsRefusedBeforeAllocating() {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).put("{\"a\":1}".getBytes());
    WeightsException e = assertThrows(WeightsException.class, () -> read("huge.safetensors", b.array()));
    assertTrue(e.getMessage().contains("huge.safetensors") && e.getMessage().contains("1099511627776"), e.getMessage());
  }

  @Test
  void offsetsOutsideTheBufferOverlappingOrNotCoveringItAreRefused() {
    String past = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    assertTrue(fails(past, new byte[8]).getMessage().contains("outside the data buffer of 8 bytes"));
    String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    assertTrue(fails(overlap, new byte[12]).getMessage().contains("'b' starts at buffer byte 4"));
    String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    assertTrue(fails(gap, new byte[8]).getMessage().contains("cover 4 bytes of a data buffer of 8"));
  }

  @Test
  void shapeThatDoesNotMatchTheByteCountIsRefused() {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
    WeightsException e = fails(header, new byte[8]);
    assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("12 bytes") && e.getMessage().contains("span 8"),
        e.getMessage());
  }

  @Test
  void unsupportedDtypeAndMalformedJsonAreNamed() {
    assertTrue(fails("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])
        .getMessage().contains("F8_E4M3"));
    assertTrue(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", new byte[4])
        .getMessage().contains("bad JSON header"));
    assertTrue(fails("[" .repeat(200) + "]".repeat(200), new byte[0]).getMessage().contains("nested deeper"));
    assertTrue(fails("{\"__metadata__\":{\"a\":1}}", new byte[0]).getMessage().contains("not a string"));
  }

  @Test
  void truncatedFileIsReported() throws IOException {
    byte[] whole = java.nio.file.Files.readAllBytes(FIXTURE);
    WeightsException e = assertThrows(WeightsException.class,
        () -> read("cut.safetensors", java.util.Arrays.copyOf(whole, whole.length - 10)));
    assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
    ByteArrayOutputStream tiny = new ByteArrayOutputStream();
    tiny.write(1);
    assertThrows(WeightsException.class, () -> read("x.safetensors", tiny.toByteArray()));
  }
}
