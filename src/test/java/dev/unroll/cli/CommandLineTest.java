package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.config.ConfigResolver;
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
  void cleanDebrisAloneMeansTrue() {
    CommandLine score = new CommandLine(new ScoreCommand());
    assertEquals("true", ScoreCommand.givenFlags(score.parseArgs("--clean-debris")).get(JobOptions.CLEAN_DEBRIS));
    assertEquals("false", ScoreCommand.givenFlags(new CommandLine(new ScoreCommand())
        .parseArgs("--clean-debris", "false")).get(JobOptions.CLEAN_DEBRIS));
  }

  @Test
  void theExampleJobConfigurationsAreValid() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("conf/examples"))) {
      List<Path> examples = files.filter(f -> f.toString().endsWith(".properties")).toList();
      assertEquals(3, examples.size());
      for (Path example : examples) {
        Map<String, String> values = ConfigResolver.readFile(example);
        ConfigResolver.resolve(Map.of("config", example.toString(), "input", "in", "output", "out"));
        assertTrue(values.containsKey(JobOptions.WEIGHTS), example + " names its weights");
      }
    }
  }
}
