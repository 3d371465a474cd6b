package dev.unroll.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * The README's Java and Scala examples of the stage, taken from README.md as they stand there and run on
 * the demo-like input, their paths pointed at a test folder: the Java one compiled and its {@code main}
 * run, the Scala one fed line by line to the Scala 2.13 interpreter that {@code spark-shell} wraps. (The
 * SQL example is run by {@code UnrollScoreSqlTest}.)
 */
class ReadmeExamplesTest {
  private static final List<EncoderFixture.Sequence> SEQUENCES = EncoderFixture.sequences(30, 11);

  @TempDir static Path dir;
  private static Path weights;
  private static Path input;
  private static Map<Long, float[]> core;

  @BeforeAll
  static void writeTheDemoLikeInput() throws Exception {
    weights = EncoderFixture.weights(dir.resolve("model"));
    input = dir.resolve("input");
    EncoderFixture.frame(SEQUENCES, 2).write().parquet(input.toString());
    core = EncoderFixture.coreH(weights, SEQUENCES);
  }

  @Test
  void theJavaExampleCompilesAsWrittenAndSavesAPipelineWhoseEncodingIsTheCores() throws Exception {
    Path clusters = dir.resolve("clusters");
    String source = withTestPaths(block("### Java: a stage in a `Pipeline`", "java"))
        .replace("\"out/demo_clusters\"", quoted(clusters));
    Path sources = Files.createDirectories(dir.resolve("java-src"));
    Path classes = Files.createDirectories(dir.resolve("java-classes"));
    Path file = Files.writeString(sources.resolve("EncodeEvents.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled = javac.getTask(diagnostics, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file)).call();
    assertTrue(compiled, "the README's Java example does not compile:\n" + diagnostics);

    String shown;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeExamplesTest.class.getClassLoader())) {
      shown = stdoutOf(() -> loader.loadClass("EncodeEvents").getMethod("main", String[].class)
          .invoke(null, (Object) new String[0]));
    }
    // show(3) of id, day, cluster: three rows of the input
    List<String> shownRows = shown.lines()
        .filter(l -> l.matches("\\|\\s*\\d+\\|2026-11-2[56]\\|\\s*[0-2]\\|")).toList();
    assertEquals(3, shownRows.size(), "the example's show(3) printed:\n" + shown);

    Dataset<Row> events = EncoderFixture.spark().read().parquet(input.toString());
    List<Row> rows = PipelineModel.load(clusters.toString()).transform(events).orderBy("id").collectAsList();
    assertEquals(SEQUENCES.size(), rows.size());
    for (Row row : rows) {
      Vector h = row.getAs("h");
      assertEncodedByTheCore(row.getAs("id"), h.toArray());
      int cluster = row.<Integer>getAs("cluster");
      assertTrue(cluster >= 0 && cluster < 3, "cluster " + cluster + " of id " + row.getAs("id"));
    }
  }

  @Test
  void theScalaExampleRunsLineByLineInTheScalaShellAndEncodesAsTheCore() throws Exception {
    List<String> lines = withTestPaths(block("### Scala: `spark-shell --jars`", "scala")).lines().toList();
    StringWriter transcript = new StringWriter();
    Settings settings = new Settings();
    settings.usejavacp().value_$eq(Boolean.TRUE);
    IMain shell = new IMain(settings, new ReplReporterImpl(settings, new PrintWriter(transcript, true)));
    try {
      // what spark-shell runs before its prompt (Spark's SparkILoop.initializationCommands), on this JVM's session
      EncoderFixture.spark();
      for (String init : List.of("@transient val spark = org.apache.spark.sql.SparkSession.active",
          "@transient val sc = spark.sparkContext", "import spark.implicits._", "import spark.sql",
          "import org.apache.spark.sql.functions._")) {
        assertEquals(Results.Success$.MODULE$, shell.interpret(init), init + "\n" + transcript);
      }
      String shown = stdoutOf(() -> typeIn(shell, lines, transcript));
      assertTrue((transcript + shown).contains("|1000|2026-11-25|"), "the example's show(3) printed:\n"
          + transcript + shown);

      Option<Object> encoded = shell.valueOfTerm("encoded");
      assertTrue(encoded.isDefined(), "the example defines no `encoded`:\n" + transcript);
      @SuppressWarnings("unchecked")
      List<Row> rows = ((Dataset<Row>) encoded.get()).orderBy("id").collectAsList();
      assertEquals(SEQUENCES.size(), rows.size());
      for (Row row : rows) {
        assertEncodedByTheCore(row.getAs("id"), EncoderFixture.floats(row, "h"));
      }
    } finally {
      shell.close();
    }
  }

  /**
   * Feeds {@code lines} as the shell reads them: each line is run once what was typed since the last
   * run is a complete statement, else the next line is added to it.
   */
  private static void typeIn(IMain shell, List<String> lines, StringWriter transcript) {
    StringBuilder pending = new StringBuilder();
    for (String line : lines) {
      pending.append(pending.length() == 0 ? "" : "\n").append(line);
      Results.Result result = shell.interpret(pending.toString());
      if (result != Results.Incomplete$.MODULE$) {
        assertEquals(Results.Success$.MODULE$, result, "scala> " + pending + "\n" + transcript);
        pending.setLength(0);
      }
    }
    assertEquals("", pending.toString(), "the example ends in an incomplete statement");
  }

  private static void assertEncodedByTheCore(long id, double[] h) {
    float[] expected = core.get(id);
    assertEquals(expected.length, h.length, "units of id " + id);
    for (int k = 0; k < expected.length; k++) {
      assertEquals((double) expected[k], h[k], 0.0, "h[" + k + "] of id " + id);
    }
  }

  private static void assertEncodedByTheCore(long id, float[] h) {
    double[] widened = new double[h.length];
    for (int k = 0; k < h.length; k++) {
      widened[k] = h[k];
    }
    assertEncodedByTheCore(id, widened);
  }

  /** The first fenced block of {@code language} after {@code heading} in README.md. */
  private static String block(String heading, String language) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("\n" + heading + "\n");
    assertTrue(section >= 0, "README.md has no section " + heading);
    int start = readme.indexOf("```" + language + "\n", section) + language.length() + 4;
    return readme.substring(start, readme.indexOf("```", start));
  }

  private static String withTestPaths(String example) {
    return example.replace("\"out/demo_model/demo-lstm.npz\"", quoted(weights))
        .replace("\"out/demo_input\"", quoted(input));
  }

  private static String quoted(Path path) {
    return "\"" + path.toAbsolutePath() + "\"";
  }

  private interface Action {
    void run() throws Exception;
  }

  /** What {@code action} prints on stdout (Dataset.show prints there), also passed on to the real stdout. */
  private static String stdoutOf(Action action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      scala.Console.withOut(System.out, new scala.runtime.AbstractFunction0<Object>() {
        @Override
        public Object apply() {
          try {
            action.run();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return null;
        }
      });
    } finally {
      System.setOut(original);
      original.print(captured.toString(StandardCharsets.UTF_8));
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
