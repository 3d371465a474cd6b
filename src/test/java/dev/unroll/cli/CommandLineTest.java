package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.config.JobOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line without running a job: its help, its exit codes, the example configurations. */
class CommandLineTest {

  @Test
  void everyJobOptionIsAFlagAndTheHelpStatesTheRealDefault() {
    CommandLine score = new CommandLine(new UnrollCommand()).getSubcommands().get("score");
    for (String name : JobOptions.ALL) {
      OptionSpec option = score.getCommandSpec().findOption("--" + name);
      assertTrue(option != null, "no flag --" + name);
      String help = String.join(" ", option.description());
      String stated = help.contains("Default: ") ? help.substring(help.indexOf("Default: ") + 9) : null;
      String actual = ConfigResolver.DEFAULTS.get(name);
      if (actual != null) {
        assertEquals(actual + ".", stated, "--" + name + " help");
      }
    }
    assertTrue(score.getCommandSpec().findOption("--" + JobOptions.CONFIG) != null);
  }

  @Test
  void aWrongFlagValueExitsWithTheUsageCodeAndNamesTheFlag() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new UnrollCommand());
    int code = UnrollCommand.run(cli, new PrintWriter(err), "score", "--weights", "w.npz", "--input", "in",
        "--output", "out", "--batch-size", "lots");
    assertEquals(ExitCodes.USAGE, code);
    assertEquals("error: --batch-size: expected an integer, found 'lots'", err.toString().trim());
  }

  @Test
  void theExampleJobConfigurationsResolveToTheValuesTheyStateWithFlagsWinning() throws IOException {
    // weights, units, embedding, sequence column, feature size, batch size, bad rows: read off each file
    Map<String, List<Object>> stated = Map.of(
        "daily-embeddings.properties", List.of("hdfs:///models/session-lstm/v3/weights.npz", 64, "-",
            "events", "-", 256, BadRowPolicy.QUARANTINE),
        "flat-features.properties", List.of("models/sensor-lstm/model.ckpt-12000.index", 128, "-",
            "readings", 6, ConfigResolver.DEFAULTS.get(JobOptions.BATCH_SIZE), BadRowPolicy.FAIL),
        "token-ids.properties", List.of("models/text-gru/weights.npz", "-", "models/text-gru/embedding.npy",
            "token_ids", "-", ConfigResolver.DEFAULTS.get(JobOptions.BATCH_SIZE), BadRowPolicy.SKIP));
    try (Stream<Path> files = Files.list(Path.of("conf/examples"))) {
      List<Path> examples = files.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
      assertEquals(stated.keySet(), examples.stream().map(f -> f.getFileName().toString())
          .collect(java.util.stream.Collectors.toSet()));
      for (Path example : examples) {
        JobConfig config =
            ConfigResolver.resolve(Map.of("config", example.toString(), "input", "in", "output", "out"));
        List<Object> resolved = List.of(config.model().weights(), orDash(config.model().hints().units()),
            orDash(config.model().embedding()), config.input().sequenceColumn(),
            orDash(config.input().featureSize()), config.run().batchSize(), config.run().badRows());
        assertEquals(stated.get(example.getFileName().toString()).toString(), resolved.toString(),
            example.toString());
        // flag > file: the flags' input and output replace the file's
        assertEquals(List.of("in", "out"), List.of(config.input().path(), config.output().path()), example.toString());
      }
    }
  }

  private static Object orDash(Object value) {
    return value == null ? "-" : value;
  }
}
