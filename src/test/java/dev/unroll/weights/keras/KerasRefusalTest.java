package dev.unroll.weights.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.weights.Tensor;
import dev.unroll.weights.WeightsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Keras configurations and archives the loader must refuse, each with a message naming the problem. */
class KerasRefusalTest {

  private static String sequential(String... layers) {
    return "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [" + String.join(",", layers) + "]}}";
  }

  private static String layer(String cls, String config) {
    return "{\"class_name\": \"" + cls + "\", \"config\": {" + config + "}}";
  }

  private static void assertRefused(String json, String... fragments) {
    WeightsException e = assertThrows(WeightsException.class, () -> KerasModelConfig.layers("m.h5", json));
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void aDenseHeadIsRefusedByName() {
    assertRefused(sequential(layer("LSTM", "\"name\": \"lstm\", \"units\": 2"),
        layer("Dense", "\"name\": \"head\"")), "layer 'head' is a Dense");
  }

  @Test
  void aSubclassedModelIsRefused() {
    assertRefused("{\"class_name\": \"MyModel\", \"config\": {\"layers\": []}}", "'MyModel'");
  }

  private static String functionalLayer(String cls, String name, String config, String inbound) {
    return "{\"class_name\": \"" + cls + "\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name
        + "\"" + config + "}, \"inbound_nodes\": " + inbound + "}";
  }

  @Test
  void aFunctionalChainReadsInBothKerasForms() throws Exception {
    String keras2 = "{\"class_name\": \"Functional\", \"config\": {\"layers\": ["
        + functionalLayer("InputLayer", "in", "", "[]") + ","
        + functionalLayer("LSTM", "a", ", \"return_sequences\": true", "[[[\"in\", 0, 0, {}]]]") + ","
        + functionalLayer("GRU", "b", "", "[[[\"a\", 0, 0, {}]]]") + "]}}";
    assertEquals(3, KerasModelConfig.layers("m.h5", keras2).size());
    String keras3 = "{\"class_name\": \"Functional\", \"config\": {\"layers\": ["
        + functionalLayer("InputLayer", "in", "", "[]") + ","
        + functionalLayer("LSTM", "a", "", "[{\"args\": [{\"class_name\": \"__keras_tensor__\","
            + " \"config\": {\"keras_history\": [\"in\", 0, 0]}}], \"kwargs\": {}}]") + "]}}";
    assertEquals("LSTM", KerasModelConfig.layers("m.keras", keras3).get(1).className());
  }

  @Test
  void aFunctionalModelThatIsNotAChainIsRefused() {
    String skip = "{\"class_name\": \"Functional\", \"config\": {\"layers\": ["
        + functionalLayer("InputLayer", "in", "", "[]") + ","
        + functionalLayer("LSTM", "a", ", \"return_sequences\": true", "[[[\"in\", 0, 0, {}]]]") + ","
        + functionalLayer("GRU", "b", "", "[[[\"in\", 0, 0, {}]]]") + "]}}";
    assertRefused(skip, "layer 'b' takes its input from [in]", "('a')");
  }

  @Test
  void aLowerLayerWithoutReturnSequencesIsRefused() {
    assertRefused(sequential(layer("LSTM", "\"name\": \"a\""), layer("GRU", "\"name\": \"b\"")),
        "layer 'a' has return_sequences=false but feeds layer 'b'");
  }

  @Test
  void goBackwardsFeedingAnotherLayerIsRefused() {
    assertRefused(sequential(layer("GRU", "\"name\": \"a\", \"return_sequences\": true, \"go_backwards\": true"),
        layer("GRU", "\"name\": \"b\"")), "go_backwards=true", "reversed");
  }

  @Test
  void bidirectionalWithSumMergeIsRefused() {
    assertRefused(sequential(layer("Bidirectional",
        "\"name\": \"bi\", \"merge_mode\": \"sum\", \"layer\": " + layer("LSTM", "\"name\": \"l\""))),
        "merge_mode sum");
  }

  @Test
  void aGruWithoutResetAfterIsRefusedRatherThanGuessed() throws Exception {
    KerasModelConfig.LayerSpec spec = KerasModelConfig.layers("m.h5", sequential(layer("GRU",
        "\"name\": \"g\", \"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\""))).get(0);
    Tensor k = Tensor.of("k", new float[6], 1, 6);
    Tensor r = Tensor.of("r", new float[12], 2, 6);
    Tensor b = Tensor.of("b", new float[6], 6);
    WeightsException e = assertThrows(WeightsException.class, () -> KerasLoader.build("m.h5", "keras-h5",
        "2.15.0", java.util.List.of(new KerasLoader.LayerWeights(spec, java.util.List.of(k, r, b))), ""));
    assertTrue(e.getMessage().contains("no reset_after"), e.getMessage());
  }

  @Test
  void snakeCaseFollowsKeras() {
    assertEquals("simple_rnn", KerasModelConfig.snakeCase("SimpleRNN"));
    assertEquals("gru", KerasModelConfig.snakeCase("GRU"));
    assertEquals("bidirectional", KerasModelConfig.snakeCase("Bidirectional"));
    assertEquals("conv_lstm2d", KerasModelConfig.snakeCase("ConvLSTM2D"));
  }

  @Test
  void archiveEntriesWithParentOrAbsoluteOrDriveNamesAreRefused() throws Exception {
    for (String name : new String[] {"../config.json", "/config.json", "a/../../config.json", "c:config.json",
        "a\\config.json"}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write("{}".getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      WeightsException e = assertThrows(WeightsException.class,
          () -> KerasArchive.load("evil.keras", bytes.toByteArray()), name);
      assertTrue(e.getMessage().contains("evil.keras: member '" + name + "' escapes"), e.getMessage());
    }
  }

  @Test
  void aTruncatedH5FileIsRefusedNamingIt() throws Exception {
    byte[] whole = Files.readAllBytes(KerasFixturesTest.DIR.resolve("keras2_lstm_gru.h5"));
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    WeightsException e = assertThrows(WeightsException.class, () -> KerasH5.load("cut.h5", cut));
    assertTrue(e.getMessage().startsWith("cut.h5: "), e.getMessage());
  }

  @Test
  void aNonZipKerasFileIsRefused() {
    WeightsException e = assertThrows(WeightsException.class,
        () -> KerasArchive.load("x.keras", "not a zip".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("not a ZIP"), e.getMessage());
  }

  @Test
  void aKerasArchiveWithADamagedMemberIsRefusedByTheCheckedZipReader() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("config.json"));
      zip.write("{\"class_name\": \"Sequential\"}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    byte[] archive = bytes.toByteArray();
    archive[30 + "config.json".length() + 2] ^= 1; // a bit of the first member's compressed data
    WeightsException e = assertThrows(WeightsException.class, () -> KerasArchive.load("bad.keras", archive));
    assertTrue(e.getMessage().startsWith("bad.keras: member 'config.json'"), e.getMessage());
  }
}
