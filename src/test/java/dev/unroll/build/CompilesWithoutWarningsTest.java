package dev.unroll.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's -Werror: every source compiles with every lint category on and no warning. javac 17 cannot
 * fail the Maven build itself, because its -Werror also counts the "using incubating module(s)" notice,
 * which has no lint category before JDK 22 (JDK-8187591); that one notice is the only warning allowed.
 */
class CompilesWithoutWarningsTest {
  private static final String INCUBATING = "compiler.warn.incubating.modules";

  @TempDir Path out;

  @Test
  void mainAndTestSourcesCompileWithEveryLintCategoryAndNoWarning() throws IOException {
    // the build's Spark line's side of the Spark-internals seam (the pom passes its folder)
    Path seam = Path.of(System.getProperty("unroll.seamSources", "src/main/spark-4/java"));
    List<String> warnings = warnings(Path.of("src/main/java"), seam, Path.of("src/test/java"));
    assertEquals(List.of(), warnings);
  }

  @Test
  void aPlantedRawTypeIsCaught() throws IOException {
    Path src = out.resolve("src/p");
    Files.createDirectories(src);
    Files.writeString(src.resolve("Raw.java"),
        "package p; class Raw { java.util.List list() { return new java.util.ArrayList(); } }");
    List<String> warnings = warnings(out.resolve("src"));
    assertEquals(List.of("found raw type: java.util.List", "found raw type: java.util.ArrayList"),
        warnings.stream().map(w -> w.substring(w.indexOf("found"), w.indexOf('\n'))).collect(Collectors.toList()));
    assertTrue(warnings.stream().allMatch(w -> w.startsWith("WARNING") && w.contains("Raw.java:1 ")), warnings.toString());
  }

  private List<String> warnings(Path... roots) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "the tests run on a JDK, which has javac");
    List<Path> sources;
    try (Stream<Path> all = Stream.of(roots).flatMap(CompilesWithoutWarningsTest::walk)) {
      sources = all.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(out.resolve("classes"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = List.of("--release", "17", "-Xlint:all,-processing", "-proc:none",
          "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
          "-d", classes.toString());
      javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE && !INCUBATING.equals(d.getCode()))
        .map(d -> d.getKind() + " " + (d.getSource() == null ? "javac" : d.getSource().getName()) + ":" + d.getLineNumber() + " " + d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
  }

  private static Stream<Path> walk(Path root) {
    try {
      return Files.walk(root);
    } catch (IOException e) {
      throw new IllegalStateException(root + ": " + e.getMessage(), e);
    }
  }
}
