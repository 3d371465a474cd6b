package dev.unroll.spark.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed run leaves, laid out by hand at each point where a run can die, found and cleaned: the
 * destination ends as it was before that run, or as the run made it when it had committed.
 */
class DebrisTest {
  private static final String RUN = "20261130T010203Z-1abcdef0";
  private final Configuration conf = new Configuration();

  @TempDir Path dir;

  private Path beside(String kind) {
    return dir.resolve(".out.unroll-" + kind + "-" + RUN);
  }

  private void journal(String... items) throws IOException {
    Files.writeString(beside("journal"), "unroll publish journal v1\n" + String.join("\n", items) + "\n",
        StandardCharsets.UTF_8);
  }

  private Debris found() throws IOException {
    return Debris.find(conf, dir.resolve("out").toString());
  }

  @Test
  void aCleanDestinationHasNoDebris() throws IOException {
    Folders.write(dir.resolve("out"), Map.of("part-0", "a"));
    Folders.write(dir.resolve(".other.unroll-staging-" + RUN), Map.of("part-0", "b")); // another output's
    assertTrue(found().isEmpty());
  }

  @Test
  void sparksTemporaryFolderOfAKilledDriverIsFoundAndCleaningRemovesTheFolderItMade() throws IOException {
    Folders.write(dir.resolve("out"), Map.of(
        "_temporary/0/task_202611300102_0003_m_000000/part-00000-6f2.snappy.parquet", "committed by a task",
        "_temporary/0/_temporary/attempt_202611300102_0003_m_000001_1/part-00001-6f2.snappy.parquet", "half"));
    Debris debris = found();
    assertEquals(1, debris.describe().size());
    assertTrue(debris.describe().get(0).contains("_temporary holds the task files of a Spark job"),
        debris.describe().get(0));
    debris.clean();
    assertEquals(List.of(), Folders.names(dir));
  }

  @Test
  void aStagingFolderThatNeverPublishedIsDeletedAndTheOutputKept() throws IOException {
    Folders.write(dir.resolve("out"), Map.of("part-0", "published"));
    Folders.write(beside("staging"), Map.of("part-1", "never published", "_temporary/0/x", "y"));
    Debris debris = found();
    assertEquals(List.of("run " + RUN + " never published; its staged files are in "
        + "file:" + beside("staging") + " (a killed run, or one still running)"), debris.describe());
    debris.clean();
    assertEquals(Map.of("part-0", "published"), Folders.read(dir.resolve("out")));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void anOverwriteKilledBetweenItsTwoMovesIsUndone() throws IOException {
    // the old output was moved aside; the new one is still staged; the destination is missing
    Folders.write(beside("old"), Map.of("part-old", "old"));
    Folders.write(beside("staging"), Map.of("part-new", "new"));
    journal(".");
    Debris debris = found();
    assertTrue(debris.describe().get(0).contains("was interrupted while publishing"), debris.describe().get(0));
    debris.clean();
    assertEquals(Map.of("part-old", "old"), Folders.read(dir.resolve("out")));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void anOverwriteKilledBeforeItsCommitMarkIsUndoneEvenWithTheNewOutputInPlace() throws IOException {
    Folders.write(beside("old"), Map.of("part-old", "old"));
    Folders.write(dir.resolve("out"), Map.of("part-new", "new"));
    journal(".");
    found().clean();
    assertEquals(Map.of("part-old", "old"), Folders.read(dir.resolve("out")));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void aPublishKilledAfterItsCommitMarkIsFinished() throws IOException {
    Folders.write(beside("old"), Map.of("part-old", "old"));
    Folders.write(dir.resolve("out"), Map.of("part-new", "new"));
    journal(".");
    Files.createFile(beside("committed"));
    Debris debris = found();
    assertTrue(debris.describe().get(0).contains("published but did not finish tidying up"));
    debris.clean();
    assertEquals(Map.of("part-new", "new"), Folders.read(dir.resolve("out")));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void anAppendKilledHalfwayTakesBackTheFilesItHadMovedIn() throws IOException {
    Folders.write(dir.resolve("out"), Map.of("day=24/part-a", "old", "day=25/part-b", "moved in", "_SUCCESS", "new"));
    Folders.write(beside("old"), Map.of("_SUCCESS", "old"));
    Folders.write(beside("staging"), Map.of("day=25/part-c", "not yet moved"));
    journal("_SUCCESS", "day=25/part-b", "day=25/part-c");
    found().clean();
    assertEquals(Map.of("day=24/part-a", "old", "_SUCCESS", "old"), Folders.read(dir.resolve("out")));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void aPartitionOverwriteKilledHalfwayPutsEveryPartitionBack() throws IOException {
    // day=25 was swapped (old aside, new in); day=26 (new, no old) was moved in; day=27 is still staged
    Folders.write(dir.resolve("out"), Map.of("day=24/p", "24", "day=25/p", "25 new", "day=26/p", "26 new",
        "day=27/p", "27 old"));
    Folders.write(beside("old"), Map.of("day=25/p", "25 old"));
    Folders.write(beside("staging"), Map.of("day=27/p", "27 new"));
    journal("day=25", "day=26", "day=27");
    found().clean();
    assertEquals(Map.of("day=24/p", "24", "day=25/p", "25 old", "day=27/p", "27 old"),
        Folders.read(dir.resolve("out")));
    assertEquals(List.of("out"), Folders.names(dir));
  }
}
