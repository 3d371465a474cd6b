package dev.unroll.weights.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.WeightsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hand-assembled raw Snappy blocks, one element kind at a time, with their known decodings. */
public class SnappyTest {

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  private static byte[] decode(byte[] block) throws WeightsException {
    return Snappy.decompress("test", block, 0, block.length);
  }

  @Test
  void literalThenOverlappingOneByteOffsetCopyRepeatsThePattern() throws WeightsException {
    // length 12; literal "abcd" (tag (4-1)<<2); copy-1 len 8 offset 4: tag = 1 | (8-4)<<2
    byte[] block = bytes(12, 3 << 2, 'a', 'b', 'c', 'd', 1 | (4 << 2), 4);
    assertArrayEquals("abcdabcdabcd".getBytes(StandardCharsets.US_ASCII), decode(block));
  }

  @Test
  void twoAndFourByteOffsetCopies() throws WeightsException {
    // "xyz" then copy-2 (len 3, offset 3) then copy-4 (len 2, offset 5)
    byte[] block = bytes(8, 2 << 2, 'x', 'y', 'z', 2 | (2 << 2), 3, 0, 3 | (1 << 2), 5, 0, 0, 0);
    assertArrayEquals("xyzxyzyz".getBytes(StandardCharsets.US_ASCII), decode(block));
  }

  @Test
  void longLiteralWithItsLengthInTheFollowingByte() throws WeightsException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(100); // uncompressed length
    out.write(60 << 2); // literal, length-1 in the next byte
    out.write(99);
    byte[] expected = new byte[100];
    for (int i = 0; i < 100; i++) {
      expected[i] = (byte) (i * 7);
    }
    out.writeBytes(expected);
    assertArrayEquals(expected, decode(out.toByteArray()));
  }

  @Test
  void copyBeforeTheStartOrAWrongLengthOrAHugeDeclaredLengthIsRefused() {
    assertThrows(WeightsException.class, () -> decode(bytes(4, 1 | (0 << 2), 1)));
    assertThrows(WeightsException.class, () -> decode(bytes(5, 0, 'a')));
    WeightsException e = assertThrows(WeightsException.class, () -> decode(bytes(0xff, 0xff, 0xff, 0xff, 0x0f, 0, 'a')));
    assertTrue(e.getMessage().contains("declares"), e.getMessage());
  }
}
