package dev.unroll.spark.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first data files pre-flight hands to its sample, and whether they are all the input holds. */
class InputFilesTest {
  @TempDir Path dir;

  private static List<String> names(InputFiles.First first) {
    return first.files().stream().map(org.apache.hadoop.fs.Path::getName).sorted().toList();
  }

  private void files(Path folder, String... names) throws Exception {
    Files.createDirectories(folder);
    for (String name : names) {
      Files.write(folder.resolve(name), "PAR1".getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void aFewFilesAreAllOfThemAndHiddenFilesAreNotAmongThem() throws Exception {
    files(dir, "_SUCCESS", ".part-0.parquet.crc", "part-0.parquet", "part-1.parquet");
    InputFiles.First first = InputFiles.check(new Configuration(), dir.toString(), "parquet");
    assertEquals(List.of("part-0.parquet", "part-1.parquet"), names(first));
    assertEquals(true, first.all());
  }

  @Test
  void manyFilesGiveTheFirstFewAndSaySoThatMoreFollow() throws Exception {
    files(dir, "a.parquet", "b.parquet", "c.parquet", "d.parquet", "e.parquet", "f.parquet");
    InputFiles.First first = InputFiles.check(new Configuration(), dir.toString(), "parquet");
    assertEquals(InputFiles.FIRST, first.files().size());
    assertEquals(false, first.all());
    InputFiles.First exactly = InputFiles.check(new Configuration(), dir.resolve("{a,b,c,d}.parquet").toString(),
        "parquet");
    assertEquals(List.of("a.parquet", "b.parquet", "c.parquet", "d.parquet"), names(exactly));
    assertEquals(true, exactly.all());
  }
}
