package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line the run report shows: as given, with the values of secret reader and writer options masked. */
class CommandLineMaskingTest {

  @Test
  void secretOptionValuesAreMaskedAndEverythingElseIsKept() {
    CommandLine.ParseResult parsed = new CommandLine(new ScoreCommand()).parseArgs("--weights", "m.npz",
        "--input-options=fs.s3a.secret.key=AKIA123,mergeSchema=true", "--output-options",
        "fs.s3a.access.key=ID9,compression=zstd", "--output", "out");
    assertEquals("unroll score --weights m.npz --input-options=fs.s3a.secret.key=****,mergeSchema=true "
        + "--output-options fs.s3a.access.key=****,compression=zstd --output out", JobFlags.commandLine(parsed));
  }
}
