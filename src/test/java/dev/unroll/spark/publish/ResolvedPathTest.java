package dev.unroll.spark.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of spelling one folder resolves to one path; nested and merely similar paths are told apart. */
class ResolvedPathTest {
  private final Configuration conf = new Configuration();

  @TempDir Path dir;
  private Path victim;

  @BeforeEach
  void input() throws IOException {
    victim = Files.createDirectories(dir.resolve("W/victim.parquet"));
    Files.writeString(victim.resolve("part-0.parquet"), "data");
  }

  private ResolvedPath of(String given) throws IOException {
    return ResolvedPath.of(conf, given);
  }

  @Test
  void everySpellingOfTheInputFolderIsTheSamePath() throws IOException {
    Files.createDirectories(dir.resolve("W/sub"));
    Files.createSymbolicLink(dir.resolve("W/link"), victim);
    String relative = Path.of("").toAbsolutePath().relativize(victim).toString();
    ResolvedPath input = of(victim.toString());
    List<String> spellings = List.of(
        dir + "/W/./victim.parquet",
        dir + "/W/sub/../victim.parquet",
        victim + "/",
        victim + "//",
        "file:" + victim,
        "file://" + victim,
        dir + "/W/link",
        relative,
        "./" + relative);
    for (String spelling : spellings) {
      ResolvedPath output = of(spelling);
      assertEquals(input.path(), output.path(), spelling);
      assertEquals("--output " + spelling + " is the same path as --input " + victim + " (both are file:"
          + victim.toRealPath() + "): choose another --output",
          output.conflictWith("--output", input, "--input"), spelling);
    }
    assertEquals(9, spellings.size());
  }

  @Test
  void anOutputHoldingOrInsideTheInputIsNamedSo() throws IOException {
    ResolvedPath input = of(victim.toString());
    String holds = of(dir + "/W/").conflictWith("--output", input, "--input");
    assertTrue(holds.startsWith("--output " + dir + "/W/ contains --input " + victim + ": writing it could delete"),
        holds);
    String inside = of(victim + "/../victim.parquet/scores").conflictWith("--output", input, "--input");
    assertTrue(inside.startsWith("--output " + victim + "/../victim.parquet/scores lies inside --input "), inside);
  }

  @Test
  void aNewFolderUnderALinkIntoTheInputLiesInsideIt() throws IOException {
    Files.createSymbolicLink(dir.resolve("elsewhere"), victim);
    ResolvedPath output = of(dir + "/elsewhere/new/scores");
    assertTrue(output.conflictWith("--output", of(victim.toString()), "--input").contains("lies inside --input"));
  }

  @Test
  void aSiblingWhoseNameStartsLikeTheInputIsApart() throws IOException {
    ResolvedPath input = of(victim.toString());
    assertNull(of(victim + "2").conflictWith("--output", input, "--input"));
    assertNull(of(victim + "_quarantine").conflictWith("--output", input, "--input"));
    assertNull(of(dir + "/W/other").conflictWith("--output", input, "--input"));
  }

  @Test
  void aGlobInputIsComparedWithEachFolderItMatches() throws IOException {
    Files.createDirectories(dir.resolve("W/day=25"));
    List<ResolvedPath> inputs = ResolvedPath.ofEach(conf, dir + "/W/{victim.parquet,day=25}");
    assertEquals(2, inputs.size());
    ResolvedPath output = of(dir + "/W/day=25/");
    assertTrue(inputs.stream().anyMatch(in -> output.conflictWith("--output", in, "--input") != null));
  }
}
