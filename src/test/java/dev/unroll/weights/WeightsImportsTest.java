package dev.unroll.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The loaders run on the driver but must not need Spark or Hadoop: they reach files via WeightSource. */
class WeightsImportsTest {
  @Test
  void weightsPackageImportsNothingFromSparkOrHadoop() throws IOException {
    List<String> offending;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/unroll/weights"))) {
      offending = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
        try {
          return Files.readAllLines(f).stream()
              .filter(l -> l.matches("\\s*import\\s+(static\\s+)?(org\\.apache\\.(spark|hadoop)|scala)\\..*"))
              .map(l -> f.getFileName() + ": " + l.strip());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    assertEquals(List.of(), offending);
  }
}
