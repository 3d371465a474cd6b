package dev.unroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The numeric core and the loaders stay free of Spark and Hadoop, so they run and test anywhere. */
class ArchitectureTest {

  @ParameterizedTest
  @ValueSource(strings = {"math", "cell", "model", "weights", "config", "verify"})
  void corePackagesImportNothingFromSparkOrHadoop(String pkg) throws IOException {
    Path root = Path.of("src/main/java/dev/unroll", pkg);
    assertTrue(Files.isDirectory(root), root + " is missing");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders = files
          .filter(p -> p.toString().endsWith(".java"))
          .flatMap(ArchitectureTest::forbiddenImports)
          .collect(Collectors.toList());
    }
    assertEquals(List.of(), offenders);
  }

  private static Stream<String> forbiddenImports(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith("import "))
          .filter(line -> line.matches("import (static )?(org\\.apache\\.(spark|hadoop)|scala)\\..*"))
          .map(line -> file + ": " + line);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
