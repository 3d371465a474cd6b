package dev.unroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The packages form layers, each using only the ones below it, and the layers up to {@code config},
 * and {@code verify}, stay free of Spark, Hadoop and Scala, so they run and test anywhere. A use is an import or a fully
 * qualified name anywhere in the code; comments and string literals are not uses.
 */
class ArchitectureTest {
  /** Bottom to top, as the code has it: a package may use only itself and the packages before it. */
  static final List<String> LAYERS =
      List.of("math", "cell", "model", "weights", "config", "hadoop", "verify", "report", "demo", "spark", "ml", "sql",
          "cli");

  /** The layers that must not need a cluster. */
  static final List<String> CORE = List.of("math", "cell", "model", "weights", "config", "verify", "report");

  private static final Path MAIN = Path.of("src/main/java/dev/unroll");
  private static final Pattern PROJECT_PACKAGE = Pattern.compile("\\bdev\\.unroll\\.([a-z]\\w*)");
  private static final Pattern CLUSTER_PACKAGE =
      Pattern.compile("(?<![\\w.])(org\\.apache\\.(?:spark|hadoop)|scala)\\.");

  @ParameterizedTest
  @FieldSource("CORE")
  void corePackagesUseNothingFromSparkHadoopOrScala(String pkg) {
    List<String> offenders = new ArrayList<>();
    for (Path file : sources(pkg)) {
      offenders.addAll(clusterUses(MAIN.relativize(file).toString(), read(file)));
    }
    assertEquals(List.of(), offenders);
  }

  @ParameterizedTest
  @FieldSource("LAYERS")
  void aPackageUsesOnlyThePackagesBelowIt(String pkg) {
    List<String> offenders = new ArrayList<>();
    for (Path file : sources(pkg)) {
      offenders.addAll(layerViolations(pkg, MAIN.relativize(file).toString(), read(file)));
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void everyPackageHasAPlaceInTheLayers() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      assertEquals(LAYERS.stream().sorted().toList(),
          dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aFullyQualifiedSparkNameOrAnImportInTheCoreIsCaught() {
    String source = """
        package dev.unroll.math;

        import org.apache.hadoop.fs.Path;
        import static scala.Predef.println;

        final class Planted {
          org.apache.spark.sql.Row row;
          java.util.List<org.apache.spark.sql.Row> rows;
        }
        """;
    assertEquals(List.of(
            "math/Planted.java:3: org.apache.hadoop.",
            "math/Planted.java:4: scala.",
            "math/Planted.java:7: org.apache.spark.",
            "math/Planted.java:8: org.apache.spark."),
        clusterUses("math/Planted.java", source));
  }

  @Test
  void aLowerPackageUsingAHigherOneIsCaughtWithOrWithoutAnImport() {
    String source = """
        package dev.unroll.model;

        import dev.unroll.cell.Cell;
        import dev.unroll.weights.Tensor;

        final class Planted {
          Cell below;
          dev.unroll.cli.UnrollCommand above = new dev.unroll.spark.ScoringJob();
        }
        """;
    assertEquals(List.of(
            "model/Planted.java:4: dev.unroll.weights",
            "model/Planted.java:8: dev.unroll.cli",
            "model/Planted.java:8: dev.unroll.spark"),
        layerViolations("model", "model/Planted.java", source));
  }

  @Test
  void namesInCommentsAndStringsAreNotUses() {
    String source = """
        package dev.unroll.math;

        /** Unlike {@link dev.unroll.spark.ScoringJob}, runs anywhere; see org.apache.spark.sql.Row. */
        final class Planted {
          // dev.unroll.cli.UnrollCommand calls this
          String a = "org.apache.spark.sql.Row \\" dev.unroll.cli";
          char quote = '"';
          String b = \"""
              scala.Option and dev.unroll.spark
              \""";
          /* org.apache.hadoop.fs.Path */ int x;
        }
        """;
    assertEquals(List.of(), clusterUses("math/Planted.java", source));
    assertEquals(List.of(), layerViolations("math", "math/Planted.java", source));
    assertFalse(code(source).contains("dev.unroll.spark"));
  }

  /** Each use of Spark, Hadoop or Scala, as {@code file:line: package.}. */
  static List<String> clusterUses(String file, String source) {
    List<String> uses = new ArrayList<>();
    Matcher m = CLUSTER_PACKAGE.matcher(code(source));
    while (m.find()) {
      uses.add(file + ":" + line(source, m.start()) + ": " + m.group(1) + ".");
    }
    return uses;
  }

  /** Each use, by a file of {@code pkg}, of a project package above it or in no layer. */
  static List<String> layerViolations(String pkg, String file, String source) {
    int level = LAYERS.indexOf(pkg);
    List<String> violations = new ArrayList<>();
    Matcher m = PROJECT_PACKAGE.matcher(code(source));
    while (m.find()) {
      int used = LAYERS.indexOf(m.group(1));
      if (used < 0 || used > level) {
        violations.add(file + ":" + line(source, m.start()) + ": dev.unroll." + m.group(1));
      }
    }
    return violations;
  }

  /**
   * The source with comments, string and text-block literals and char literals blanked (newlines kept,
   * so offsets still give line numbers), leaving only the code.
   */
  static String code(String source) {
    StringBuilder out = new StringBuilder(source);
    int i = 0;
    int n = source.length();
    while (i < n) {
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = literalEnd(source, i);
      } else {
        i++;
        continue;
      }
      for (int k = i; k < end; k++) {
        if (out.charAt(k) != '\n') {
          out.setCharAt(k, ' ');
        }
      }
      i = end;
    }
    return out.toString();
  }

  /** The index after a string or char literal opening at {@code start}, past escaped quotes. */
  private static int literalEnd(String source, int start) {
    char quote = source.charAt(start);
    int k = start + 1;
    while (k < source.length() && source.charAt(k) != quote && source.charAt(k) != '\n') {
      k += source.charAt(k) == '\\' ? 2 : 1;
    }
    return Math.min(k + 1, source.length());
  }

  private static int line(String source, int offset) {
    int line = 1;
    for (int k = 0; k < offset; k++) {
      if (source.charAt(k) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The package's main source files; a package with none fails, so a wrong path cannot pass. */
  private static List<Path> sources(String pkg) {
    Path root = MAIN.resolve(pkg);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(root + " cannot be listed", e);
    }
    assertFalse(files.isEmpty(), root + " has no Java files");
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
