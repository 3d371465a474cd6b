package dev.unroll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages, sub-packages included, form levels: a package uses only packages of lower levels (never
 * one of its own level, so the four framework loaders stay independent), which rules out cycles. It
 * refines {@link ArchitectureTest}'s layers inside {@code weights}; uses are found the same way.
 */
class PackageOrderTest {
  /** Bottom to top; the packages of one level must not use each other. */
  static final List<List<String>> LEVELS = List.of(
      List.of("math"),
      List.of("cell"),
      List.of("model"),
      List.of("weights"),
      List.of("weights.codec"),
      List.of("weights.arrays"),
      List.of("weights.tensorflow", "weights.onnx", "weights.keras", "weights.torch"),
      List.of("weights.load"),
      List.of("config", "hadoop", "verify", "report", "demo"),
      List.of("spark.parquet"),
      List.of("spark.publish"),
      List.of("spark.plan"),
      List.of("spark.read"),
      List.of("spark.partition"),
      List.of("spark.progress"),
      List.of("spark"),
      List.of("ml"),
      List.of("sql"),
      List.of("cli"));

  private static final Path MAIN = Path.of("src/main/java/dev/unroll");
  private static final Pattern USE = Pattern.compile("(?<![\\w.])dev\\.unroll\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");

  @Test
  void everyPackageUsesOnlyPackagesOfLowerLevels() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        offenders.addAll(violations(pkg, MAIN.relativize(file).toString(), Files.readString(file)));
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void everyPackageHasALevel() throws IOException {
    List<String> missing;
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      missing = dirs.filter(Files::isDirectory).filter(PackageOrderTest::hasJava)
          .map(d -> MAIN.relativize(d).toString().replace('/', '.'))
          .filter(p -> level(p) < 0)
          .sorted()
          .toList();
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void aUseOfAHigherOrSameLevelPackageIsCaughtWithOrWithoutAnImport() {
    String source = """
        package dev.unroll.weights.onnx;

        import dev.unroll.weights.codec.ProtobufReader;
        import dev.unroll.weights.load.Models;

        /** Unlike {@link dev.unroll.cli.UnrollCommand}, a comment is no use. */
        final class Planted {
          String s = "dev.unroll.spark.ScoringJob";
          dev.unroll.weights.keras.KerasH5 sibling;
        }
        """;
    assertEquals(List.of(
            "weights/onnx/Planted.java:4: weights.load",
            "weights/onnx/Planted.java:9: weights.keras"),
        violations("weights.onnx", "weights/onnx/Planted.java", source));
  }

  /** Each use, by a file of {@code pkg}, of a package of its own level or above, or of no level. */
  static List<String> violations(String pkg, String file, String source) {
    int own = level(pkg);
    String code = ArchitectureTest.code(source);
    List<String> out = new ArrayList<>();
    Matcher m = USE.matcher(code);
    while (m.find()) {
      String used = m.group(1);
      if (used.equals(pkg)) {
        continue;
      }
      int level = level(used);
      if (level < 0 || level >= own) {
        int line = (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        out.add(file + ":" + line + ": " + used);
      }
    }
    return out;
  }

  private static int level(String pkg) {
    for (int i = 0; i < LEVELS.size(); i++) {
      if (LEVELS.get(i).contains(pkg)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasJava(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
