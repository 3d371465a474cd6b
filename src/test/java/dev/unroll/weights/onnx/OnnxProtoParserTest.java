package dev.unroll.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.ProtoBytes;
import dev.unroll.weights.WeightsException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written ONNX protobuf decoder on hand-built messages, good and broken. */
class OnnxProtoParserTest {

  @Test
  void tensorWithUnpackedDimsAndPackedFloatDataDecodes() throws Exception {
    byte[] packed = ProtoBytes.floatsLittleEndian(1f, -2.5f, 3f, 0.25f, 5f, 6f);
    byte[] tensor = new ProtoBytes().varintField(1, 2).varintField(1, 3).varintField(2, 1)
        .bytesField(4, packed).stringField(8, "W").toByteArray();
    OnnxTensor t = OnnxProtoParser.parseTensorFile("t.pb", tensor);
    assertEquals("W", t.name());
    assertArrayEquals(new long[] {2, 3}, t.dims());
    assertArrayEquals(new float[] {1f, -2.5f, 3f, 0.25f, 5f, 6f}, t.toFloats());
  }

  @Test
  void unpackedFloatDataAndPackedDimsDecodeToo() throws Exception {
    byte[] tensor = new ProtoBytes().bytesField(1, new byte[] {2}).varintField(2, 1)
        .fixed32Field(4, 7f).fixed32Field(4, -1f).toByteArray();
    OnnxTensor t = OnnxProtoParser.parseTensorFile("t.pb", tensor);
    assertArrayEquals(new long[] {2}, t.dims());
    assertArrayEquals(new float[] {7f, -1f}, t.toFloats());
  }

  @Test
  void float16InInt32DataUsesTheLowSixteenBits() throws Exception {
    // 0x3c00 = 1.0, 0xc000 = -2.0, 0x3555 ≈ 0.33325
    byte[] tensor = new ProtoBytes().varintField(1, 3).varintField(2, 10)
        .varintField(5, 0x3c00).varintField(5, 0xc000).varintField(5, 0x3555).toByteArray();
    float[] v = OnnxProtoParser.parseTensorFile("h.pb", tensor).toFloats();
    assertArrayEquals(new float[] {1f, -2f, 0.33325195f}, v);
  }

  @Test
  void negativeInt32DataIsSignExtended() throws Exception {
    byte[] tensor = new ProtoBytes().varintField(1, 2).varintField(2, 6)
        .varintField(5, -3L).varintField(5, 4).toByteArray();
    assertArrayEquals(new long[] {-3, 4}, OnnxProtoParser.parseTensorFile("i.pb", tensor).toLongs());
  }

  @Test
  void rawDataOfTheWrongSizeIsRefusedNamingTheTensor() throws Exception {
    byte[] tensor = new ProtoBytes().varintField(1, 4).varintField(2, 1).stringField(8, "B")
        .bytesField(9, ProtoBytes.floatsLittleEndian(1f, 2f, 3f)).toByteArray();
    OnnxTensor t = OnnxProtoParser.parseTensorFile("m.onnx", tensor);
    WeightsException e = assertThrows(WeightsException.class, t::toFloats);
    assertTrue(e.getMessage().contains("m.onnx") && e.getMessage().contains("'B'")
        && e.getMessage().contains("12 bytes"), e.getMessage());
  }

  @Test
  void aHugeDeclaredShapeIsRefusedBeforeAllocating() throws Exception {
    byte[] tensor = new ProtoBytes().varintField(1, 1L << 40).varintField(1, 1L << 40).varintField(2, 1)
        .bytesField(9, new byte[8]).toByteArray();
    OnnxTensor t = OnnxProtoParser.parseTensorFile("m.onnx", tensor);
    WeightsException e = assertThrows(WeightsException.class, t::toFloats);
    assertTrue(e.getMessage().contains("more elements"), e.getMessage());
  }

  @Test
  void aLengthBeyondTheMessageIsRefusedWithItsOffset() {
    // field 9 (raw_data) claiming 1,000,000 bytes in a 6-byte message
    byte[] tensor = new ProtoBytes().raw((byte) 0x4a).varint(1_000_000).raw((byte) 1, (byte) 2).toByteArray();
    WeightsException e = assertThrows(WeightsException.class,
        () -> OnnxProtoParser.parseTensorFile("cut.pb", tensor));
    assertTrue(e.getMessage().startsWith("cut.pb: ") && e.getMessage().contains("1000000 bytes"),
        e.getMessage());
  }

  @Test
  void aTruncatedModelFileIsRefusedNamingTheFile() throws Exception {
    OnnxNodeTestCase test = OnnxNodeTestCase.load("test_lstm_with_peepholes");
    byte[] cut = Arrays.copyOf(test.modelBytes(), test.modelBytes().length - 7);
    WeightsException e = assertThrows(WeightsException.class,
        () -> OnnxProtoParser.parseModel("cut.onnx", cut));
    assertTrue(e.getMessage().startsWith("cut.onnx: "), e.getMessage());
  }

  @Test
  void groupsAreRefused() {
    byte[] bad = new ProtoBytes().tag(1, 3).toByteArray();
    assertThrows(WeightsException.class, () -> OnnxProtoParser.parseTensorFile("g.pb", bad));
  }

  @Test
  void nodeTestModelHasOneLstmNodeWithItsInputsAndOpset14() throws Exception {
    OnnxNodeTestCase test = OnnxNodeTestCase.load("test_lstm_with_peepholes");
    OnnxModel model = test.model();
    assertEquals(14, model.standardOpset());
    assertEquals(1, model.graph().nodes().size());
    OnnxNode node = model.graph().nodes().get(0);
    assertEquals("LSTM", node.opType());
    assertEquals(List.of("X", "W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"), node.inputs());
    assertEquals(3, node.attributes().get("hidden_size").i());
    assertEquals(OnnxAttribute.Type.INT, node.attributes().get("hidden_size").type());
    assertArrayEquals(new long[] {1, 9}, test.input("P").dims());
    assertArrayEquals(new long[] {1, 1}, test.input("sequence_lens").toLongs());
  }
}
