package dev.unroll.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  private static final Map<String, String> REQUIRED =
      Map.of("weights", "model.npz", "input", "in", "output", "out");

  private static Map<String, String> flags(String... pairs) {
    Map<String, String> m = new HashMap<>(REQUIRED);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void aFlagWinsOverTheFileWhichWinsOverTheDefault() {
    JobConfig c = ConfigResolver.resolve(flags("batch-size", "8"),
        Map.of("batch-size", "16", "sort-window", "64", "input", "from-file"));
    assertEquals(8, c.run().batchSize());
    assertEquals(64, c.run().sortWindow());
    assertEquals("in", c.input().path());
    assertEquals(BadRowPolicy.FAIL, c.run().badRows());
    assertEquals("parquet", c.input().format());
    assertEquals(Set.of(Emit.STATE), c.output().emit());
    assertNull(c.input().lengthColumn());
  }

  @Test
  void theConfigFlagNamesAPropertiesFileOfOptions(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "# daily run\nbad-rows = quarantine\nemit = state, mean, all-states\n"
        + "pass-through = day\npartition-by = day\n");
    JobConfig c = ConfigResolver.resolve(flags("config", file.toString(), "mode", "overwrite",
        "dynamic-partition-overwrite", "true"));
    assertEquals(BadRowPolicy.QUARANTINE, c.run().badRows());
    assertEquals(Set.of(Emit.STATE, Emit.MEAN, Emit.ALL_STATES), c.output().emit());
    assertEquals(List.of("day"), c.output().partitionBy());
    assertEquals("out_quarantine", c.quarantinePath());
  }

  @Test
  void anUnknownKeyInTheFileIsNamed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "batch_size = 8\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigResolver.resolve(flags("config", file.toString())));
    assertTrue(e.getMessage().contains("unknown option 'batch_size'"), e.getMessage());
  }

  @Test
  void badValuesNameTheOptionAndWhatWasFound() {
    assertEquals("--batch-size: expected an integer, found 'many'", assertThrows(ConfigException.class,
        () -> ConfigResolver.resolve(flags("batch-size", "many"))).getMessage());
    assertEquals("--bad-rows: 'ignore' is not one of fail, skip, quarantine", assertThrows(
        ConfigException.class, () -> ConfigResolver.resolve(flags("bad-rows", "ignore"))).getMessage());
    assertEquals("--output is required (on the command line or in --config)", assertThrows(
        ConfigException.class, () -> ConfigResolver.resolve(Map.of("weights", "w", "input", "i"))).getMessage());
  }

  @Test
  void crossOptionRulesAreCheckedOnce() {
    assertEquals("--partition-by column 'day' must also be listed in --pass-through", assertThrows(
        ConfigException.class, () -> ConfigResolver.resolve(flags("partition-by", "day"))).getMessage());
    assertEquals("--dynamic-partition-overwrite needs --mode overwrite and --partition-by", assertThrows(
        ConfigException.class, () -> ConfigResolver.resolve(flags("dynamic-partition-overwrite", "true")))
        .getMessage());
    assertEquals("--sort-window (8) must be at least --batch-size (16)", assertThrows(ConfigException.class,
        () -> ConfigResolver.resolve(flags("batch-size", "16", "sort-window", "8"))).getMessage());
  }

  @Test
  void secretsAreMaskedInTheLoggedConfiguration() {
    JobConfig c = ConfigResolver.resolve(flags("input-options", "fs.s3a.secret.key=hunter2,mergeSchema=true"));
    String logged = String.join("\n", c.describe());
    assertTrue(logged.contains("fs.s3a.secret.key=****"), logged);
    assertTrue(logged.contains("mergeSchema=true"), logged);
    assertTrue(!logged.contains("hunter2"), logged);
  }
  @Test
  void maxRejectedIsACountAFractionOrAPercentage() {
    assertEquals(new RejectLimit(1000, 0), ConfigResolver.resolve(flags("max-rejected", "1000")).run().maxRejected());
    RejectLimit fraction = ConfigResolver.resolve(flags("max-rejected", "0.01")).run().maxRejected();
    RejectLimit percent = ConfigResolver.resolve(flags("max-rejected", "1%")).run().maxRejected();
    assertEquals(fraction, percent);
    // 1% of 250 rows is 2.5: two rejected rows pass, three do not
    assertEquals(List.of(false, true), List.of(percent.exceededBy(250, 2), percent.exceededBy(250, 3)));
    assertEquals("1% of the rows read", percent.describe());
    RejectLimit byDefault = ConfigResolver.resolve(flags()).run().maxRejected();
    assertTrue(byDefault.exceededBy(7, 7), "the default fails a run that rejects every row");
    assertEquals("--max-rejected: a fraction must be between 0 and 1 (0% and 100%), found '150%'",
        assertThrows(ConfigException.class, () -> ConfigResolver.resolve(flags("max-rejected", "150%")))
            .getMessage());
    assertEquals("--max-rejected: expected a count of rows (1000) or a fraction of the rows read (0.01 or 1%),"
        + " found 'many'", assertThrows(ConfigException.class,
        () -> ConfigResolver.resolve(flags("max-rejected", "many"))).getMessage());
  }
}
