package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import dev.unroll.config.JobOption;
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
  void everyJobOptionIsAScoreFlagWhoseHelpStatesItsDefault() {
    CommandLine score = new CommandLine(new UnrollCommand()).getSubcommands().get("score");
    assertEquals(JobOption.values().length + 4, score.getCommandSpec().options().size(),
        "every job option, plus --demo, --config, --help and --version");
    for (JobOption option : JobOption.values()) {
      OptionSpec flag = score.getCommandSpec().findOption(option.flag());
      assertTrue(flag != null, "no flag " + option.flag());
      String help = String.join(" ", flag.description()).replace("%%", "%"); // picocli's format escape
      String value = ConfigResolver.DEFAULTS.get(option.key());
      if (value != null) {
        assertTrue(help.endsWith(" Default: " + value + "."), option.flag() + ": " + help);
      }
    }
    assertTrue(score.getCommandSpec().findOption("--config") != null);
    assertTrue(String.join(" ", score.getCommandSpec().findOption("--weights").description())
        .endsWith("Required (flag or --config)."));
  }

  @Test
  void inspectAndVerifyTakeScoresModelFlagsAndNoOthers() {
    CommandLine cli = new CommandLine(new UnrollCommand());
    for (String command : List.of("inspect", "verify")) {
      CommandLine sub = cli.getSubcommands().get(command);
      for (String flag : List.of("--weights", "--cell", "--units", "--activation", "--forget-bias", "--cell-clip",
          "--proj-clip", "--layers", "--direction", "--scope")) {
        assertEquals(String.join(" ", cli.getSubcommands().get("score").getCommandSpec().findOption(flag)
            .description()), String.join(" ", sub.getCommandSpec().findOption(flag).description()), command + " " + flag);
      }
      assertEquals(null, sub.getCommandSpec().findOption("--input"), command);
      assertEquals(null, sub.getCommandSpec().findOption("--embedding"), command);
    }
  }

  @Test
  void inspectWithoutWeightsIsAUsageErrorNamingTheFlag() {
    StringWriter err = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()), new PrintWriter(err), "inspect", "--cell", "lstm");
    assertEquals(ExitCodes.USAGE, code);
    assertTrue(err.toString().startsWith("Missing required option: '--weights=PATH'"), err.toString());
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
            "readings", 6, 256, BadRowPolicy.FAIL),
        "token-ids.properties", List.of("models/text-gru/weights.npz", "-", "models/text-gru/embedding.npy",
            "token_ids", "-", 256, BadRowPolicy.SKIP));
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

  @Test
  void aFlagGivenTwiceKeepsItsLastValue() {
    StringWriter err = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()), new PrintWriter(err), "score",
        "--weights", "a.npz", "--weights", "b.npz", "--input", "in", "--output", "out",
        "--progress-interval", "5", "--progress-interval", "lots");
    // the second --progress-interval is the one read (the first would have passed)
    assertEquals(ExitCodes.USAGE, code);
    assertEquals("error: --progress-interval: expected an integer, found 'lots'", err.toString().trim());
  }

  @Test
  void aMissingConfigFileSaysNoSuchFile() {
    StringWriter err = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()), new PrintWriter(err), "score",
        "--config", "nowhere/job.properties");
    assertEquals(ExitCodes.USAGE, code);
    assertEquals("error: --config " + Path.of("nowhere/job.properties") + ": no such file; check the path",
        err.toString().trim());
  }

  @Test
  void theUsageShowsTheRequiredFlagsAndACommandThatExists() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new UnrollCommand());
    cli.setOut(new PrintWriter(out));
    assertEquals(ExitCodes.OK, UnrollCommand.run(cli, null, "score", "--help"));
    String usage = out.toString();
    assertTrue(usage.startsWith("Usage: unroll score --weights=PATH --input=PATH --output=PATH [OPTIONS...]\n"),
        usage);
    assertTrue(usage.contains("(unroll is jobs/unroll: jobs/unroll score --help)"), usage);
    for (String flag : List.of("--weights", "--input", "--output")) {
      OptionSpec option = cli.getSubcommands().get("score").getCommandSpec().findOption(flag);
      assertTrue(String.join(" ", option.description()).endsWith("Required (flag or --config)."), flag);
    }
    Path script = Path.of("jobs/unroll");
    assertTrue(Files.isExecutable(script), "jobs/unroll ships with the project");
  }
}
