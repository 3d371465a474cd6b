package dev.unroll.spark.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of publishing a staged folder, and a run stopped before it publishes. */
class StagedOutputTest {
  private final Configuration conf = new Configuration();
  private final AtomicInteger writersStopped = new AtomicInteger();

  @TempDir Path dir;

  private StagedOutput stage(Path dest, Map<String, String> files) throws IOException {
    StagedOutput out = StagedOutput.begin(conf, dest.toString(), "run1", writersStopped::incrementAndGet);
    Folders.write(Path.of(java.net.URI.create(out.staging())), files);
    return out;
  }

  @Test
  void aNewOutputAppearsWholeAndNothingIsLeftBesideIt() throws IOException {
    Path dest = dir.resolve("out");
    try (StagedOutput out = stage(dest, Map.of("part-0.parquet", "a", "_SUCCESS", ""))) {
      assertFalse(dest.toFile().exists(), "nothing at the destination before the publish");
      List<org.apache.hadoop.fs.Path> published = out.publish(StagedOutput.Publish.WHOLE, 0);
      assertEquals(List.of("part-0.parquet"), published.stream().map(org.apache.hadoop.fs.Path::getName).toList());
    }
    assertEquals(Map.of("part-0.parquet", "a", "_SUCCESS", ""), Folders.read(dest));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void aWholeOverwriteReplacesTheOldOutputOnlyAtThePublish() throws IOException {
    Path dest = dir.resolve("out");
    Folders.write(dest, Map.of("part-old.parquet", "old", "day=1/part-old.parquet", "old"));
    try (StagedOutput out = stage(dest, Map.of("part-new.parquet", "new"))) {
      assertEquals(2, Folders.read(dest).size(), "the old output is whole while the job runs");
      out.publish(StagedOutput.Publish.WHOLE, 0);
    }
    assertEquals(Map.of("part-new.parquet", "new"), Folders.read(dest));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void aPartitionPublishReplacesTheWrittenPartitionsAndKeepsTheOthers() throws IOException {
    Path dest = dir.resolve("out");
    Folders.write(dest, Map.of("day=24/c=fr/part-a", "24fr", "day=25/c=fr/part-a", "25fr old",
        "day=25/c=de/part-a", "25de old", "_SUCCESS", "old"));
    try (StagedOutput out = stage(dest, Map.of("day=25/c=fr/part-b", "25fr new", "day=26/c=it/part-b", "26it",
        "_SUCCESS", "new"))) {
      out.publish(StagedOutput.Publish.PARTITIONS, 2);
    }
    assertEquals(Map.of("day=24/c=fr/part-a", "24fr", "day=25/c=fr/part-b", "25fr new",
        "day=25/c=de/part-a", "25de old", "day=26/c=it/part-b", "26it", "_SUCCESS", "new"), Folders.read(dest));
    assertEquals(List.of("out"), Folders.names(dir));
  }

  @Test
  void anAppendAddsTheRunsFilesAndKeepsEveryOldOne() throws IOException {
    Path dest = dir.resolve("out");
    Folders.write(dest, Map.of("day=24/part-a", "old", "_SUCCESS", "old"));
    try (StagedOutput out = stage(dest, Map.of("day=24/part-b", "new 24", "day=25/part-b", "new 25",
        "_SUCCESS", "new"))) {
      List<org.apache.hadoop.fs.Path> published = out.publish(StagedOutput.Publish.FILES, 1);
      assertEquals(2, published.size(), "the run's two data files: " + published);
    }
    assertEquals(Map.of("day=24/part-a", "old", "day=24/part-b", "new 24", "day=25/part-b", "new 25",
        "_SUCCESS", "new"), Folders.read(dest));
  }

  @Test
  void anInterruptedRunStopsItsWritersAndDeletesItsStagingAndCannotPublishAfter() throws IOException {
    Path dest = dir.resolve("out");
    StagedOutput out = stage(dest, Map.of("part-0", "a"));
    out.interrupted(); // what the shutdown hook runs on Ctrl-C
    assertEquals(1, writersStopped.get());
    assertEquals(List.of(), Folders.names(dir), "no staging folder and no output folder");
    assertThrows(IllegalStateException.class, () -> out.publish(StagedOutput.Publish.WHOLE, 0));
    out.close();
    assertEquals(1, writersStopped.get(), "discarding twice stops the writers once");
  }

  @Test
  void closingAPublishedOutputLeavesIt() throws IOException {
    Path dest = dir.resolve("out");
    StagedOutput out = stage(dest, Map.of("part-0", "a"));
    out.publish(StagedOutput.Publish.WHOLE, 0);
    out.interrupted();
    out.close();
    assertEquals(0, writersStopped.get());
    assertEquals(Map.of("part-0", "a"), Folders.read(dest));
  }
}
