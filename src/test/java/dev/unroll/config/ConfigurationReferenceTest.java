package dev.unroll.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is the list of {@link JobOption}s, row for row. */
class ConfigurationReferenceTest {

  @Test
  void theReadmeTableListsEveryOptionWithItsDefaultAndHelp() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("README.md"));
    int header = readme.indexOf("| option | default | meaning |");
    List<String> table = readme.subList(header + 2, readme.size()).stream()
        .takeWhile(line -> line.startsWith("|")).collect(Collectors.toList());
    List<String> expected = Stream.of(JobOption.values())
        .map(o -> "| `" + o.key() + "` | " + o.defaultShown() + " | " + o.help().replace("|", "\\|") + " |")
        .collect(Collectors.toList());
    assertEquals(String.join("\n", expected), String.join("\n", table),
        "README.md's configuration reference, generated from JobOption (paste the expected side)");
  }
}
