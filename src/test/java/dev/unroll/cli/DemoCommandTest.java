package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code unroll score --demo}, the README's first command, run through the command line. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void theDemoScoresItsSequencesQuarantinesItsThreeBadRowsAndPrintsTheSummary() throws Exception {
    SharedSpark.session(); // the command runs in the shared session rather than starting its own
    String output = dir.resolve("demo").toString();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new UnrollCommand());
    cli.setOut(new PrintWriter(out));
    int code = UnrollCommand.run(cli, null, "score", "--demo", "--output", output, "--progress-interval", "0");
    String printed = out.toString();
    assertEquals(ExitCodes.OK, code, printed);
    assertTrue(printed.contains("rows read:         4003\n"), printed);
    assertTrue(printed.contains("rows scored:       4000\n"), printed);
    assertTrue(printed.contains("rows rejected:     3 (quarantine), 3 quarantined\n"), printed);
    assertTrue(printed.contains("first rows of " + output + ":\n  id=1 day=2026-11-26 h=["), printed);
    assertEquals(4000, SharedSpark.session().read().parquet(output).count());
    assertEquals(3, SharedSpark.session().read().parquet(output + "_quarantine").count());
    String json = Files.readString(Path.of(output, "_unroll_summary.json"));
    assertTrue(json.contains("\"rowsRead\": 4003,"), json);
    // the weights' provenance: where the model came from, its checksum and its tensors
    assertTrue(json.contains("\"weights\": {\"source\": "), json);
    assertTrue(json.contains("\"format\": \"npz\""), json);
    assertTrue(json.matches("(?s).*\"sha256\": \"[0-9a-f]{64}\".*"), json);
    assertTrue(json.contains("rnn/basic_lstm_cell/kernel float32"), json);
    assertTrue(printed.contains("weights:           "), printed);
    // the tests' JVM has the vector module, so no executor (here: the driver's) fell back
    assertTrue(dev.unroll.math.Gemms.vectorModulePresent());
    assertTrue(printed.contains("matmul:            vectorised on every executor\n"), printed);
    assertTrue(json.contains("\"scalarFallbackExecutors\": 0,"), json);
  }

  @Test
  void weightsThatDoNotFitTheDeclaredCellStopTheJobBeforeAnyWork() {
    SharedSpark.session();
    String output = dir.resolve("demo").toString();
    StringWriter err = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()), new PrintWriter(err),
        "score", "--demo", "--output", output, "--units", "32");
    assertEquals(ExitCodes.PREFLIGHT, code, err.toString());
    assertTrue(err.toString().startsWith("error: cannot use --weights " + output + "_model/demo-lstm.npz: "),
        err.toString());
    assertTrue(!Files.exists(Path.of(output)));
  }
}
