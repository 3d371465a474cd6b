package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jobs/} scripts say what they are doing and what is missing. They run in a copy of the
 * project where {@code mvn} and {@code java} are stand-ins that record their arguments, so no build or
 * JVM starts.
 */
class JobScriptsTest {
  @TempDir Path root;
  private Path bin;

  @BeforeEach
  void copyScripts() throws IOException {
    Files.createDirectories(root.resolve("jobs"));
    for (String script : List.of("run-local.sh", "submit.sh", "unroll", "spark-line.sh")) {
      Path copy = Files.copy(Path.of("jobs", script), root.resolve("jobs").resolve(script));
      assertTrue(copy.toFile().setExecutable(true));
    }
    Files.writeString(root.resolve("pom.xml"), "<spark.jvm.flags>-Dx=y</spark.jvm.flags>\n");
    bin = Files.createDirectories(root.resolve("bin"));
    stub("mvn", "mkdir -p target && touch target/unroll.jar && echo dep.jar > target/local-classpath.txt");
    // the stand-in writes the class-data archive a real JVM would write at exit when asked to
    stub("java", "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*) touch \"${a#*=}\";; esac; done\n"
        + "echo \"java $*\"");
  }

  private void stub(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    assertTrue(file.toFile().setExecutable(true));
  }

  private record Result(int code, String out, String err) {}

  private Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().remove("SPARK_HOME");
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out, err);
  }

  @Test
  void theFirstLocalRunSaysItIsBuildingAndTheNextDoesNotBuild() throws Exception {
    Result first = run(Map.of(), "jobs/run-local.sh", "score", "--help");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.err().startsWith("building target/unroll.jar with Maven"), first.err());
    assertTrue(first.out().trim().endsWith("dev.unroll.cli.UnrollCommand score --help"), first.out());
    Result second = run(Map.of(), "jobs/run-local.sh", "score", "--help");
    assertEquals("", second.err());
  }

  @Test
  void theFirstScoreRunWritesTheClassDataArchiveAndTheNextRunsMapIt() throws Exception {
    Result help = run(Map.of(), "jobs/run-local.sh", "score", "--help");
    assertFalse(help.out().contains("-XX:"), "a --help run leaves the archive to a real job: " + help.out());
    Result first = run(Map.of(), "jobs/run-local.sh", "score", "--demo");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("-XX:ArchiveClassesAtExit=" + root.resolve("target/unroll-cds.jsa.")), first.out());
    assertTrue(Files.exists(root.resolve("target/unroll-cds.jsa")), "the archive, renamed once complete");
    Result next = run(Map.of(), "jobs/run-local.sh", "score", "--demo");
    assertTrue(next.out().contains("-XX:SharedArchiveFile=" + root.resolve("target/unroll-cds.jsa") + " "), next.out());
    Result off = run(Map.of("UNROLL_CDS", "0"), "jobs/run-local.sh", "score", "--demo");
    assertFalse(off.out().contains("-XX:"), off.out());
  }

  @Test
  void anotherSparkLineIsBuiltWithItsProfileIntoItsOwnFolderAndRunFromThere() throws Exception {
    stub("mvn", "echo \"$*\" > mvn-args && mkdir -p target/spark-3.5_2.12 && touch target/spark-3.5_2.12/unroll.jar"
        + " && echo dep.jar > target/spark-3.5_2.12/local-classpath.txt");
    Result run = run(Map.of("SPARK_LINE", "3.5_2.12"), "jobs/run-local.sh", "score", "--help");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().startsWith("building target/spark-3.5_2.12/unroll.jar with Maven"), run.err());
    assertEquals("-q -B -Pspark-3.5_2.12 package -DskipTests", Files.readString(root.resolve("mvn-args")).trim());
    assertTrue(run.out().contains("-cp " + root.resolve("target/spark-3.5_2.12/unroll.jar") + ":dep.jar "), run.out());
  }

  @Test
  void anUnknownSparkLineIsRefusedNamingTheSupportedOnes() throws Exception {
    Result run = run(Map.of("SPARK_LINE", "3.4"), "jobs/run-local.sh");
    assertEquals(2, run.code());
    assertEquals("error: SPARK_LINE=3.4 is not a supported Spark line; expected one of: 4.2 4.1 4.0 3.5 3.5_2.12",
        run.err().trim());
    assertTrue(!Files.exists(root.resolve("target")), "nothing was built");
  }

  @Test
  void jobsUnrollIsTheCommandTheUsageNamesAndWithoutArgumentsShowsItsHelp() throws Exception {
    Result bare = run(Map.of(), "jobs/unroll");
    assertTrue(bare.out().trim().endsWith("dev.unroll.cli.UnrollCommand --help"), bare.out());
    Result inspect = run(Map.of(), "jobs/unroll", "inspect", "--weights", "m.npz");
    assertTrue(inspect.out().trim().endsWith("dev.unroll.cli.UnrollCommand inspect --weights m.npz"), inspect.out());
  }

  @Test
  void submitWithoutSparkSaysToInstallSparkOrSetSparkHome() throws Exception {
    Result noPath = run(Map.of(), "jobs/submit.sh", "score", "--help");
    assertEquals(3, noPath.code());
    assertEquals("jobs/submit.sh: spark-submit not found: install Apache Spark (3.5, 4.0, 4.1 or 4.2) and set"
        + " SPARK_HOME to it (or put its bin/ on the PATH); jobs/run-local.sh runs unroll without a Spark install", noPath.err().trim());
    Result wrongHome = run(Map.of("SPARK_HOME", root.resolve("spark").toString()), "jobs/submit.sh", "score");
    assertEquals(3, wrongHome.code());
    assertTrue(wrongHome.err().startsWith("jobs/submit.sh: " + root.resolve("spark") + "/bin/spark-submit not"
        + " found"), wrongHome.err());
    assertTrue(!Files.exists(root.resolve("target")), "nothing was built");
  }

  @Test
  void runLocalPassesThePomsJitFlagsWordForWordWithoutExpandingTheirMethodPattern() throws Exception {
    Files.writeString(root.resolve("pom.xml"), "<spark.jvm.flags>-Dx=y</spark.jvm.flags>\n"
        + "<unroll.jit.flags>-XX:A=4 -XX:CompileCommand=x,dev.u.*::*,0.5</unroll.jit.flags>\n");
    // a file the method pattern matches when read as a shell glob
    Files.createFile(root.resolve("-XX:CompileCommand=x,dev.u.a::b,0.5"));
    Result run = run(Map.of(), "jobs/run-local.sh", "score", "--help");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains(" -Dx=y -XX:A=4 -XX:CompileCommand=x,dev.u.*::*,0.5 --add-modules "), run.out());
  }

  @Test
  void sparkDefaultsTemplateGivesDriverAndExecutorsThePomsJitFlags() throws IOException {
    String flags = Files.readString(Path.of("pom.xml"))
        .replaceAll("(?s).*<unroll.jit.flags>(.*?)</unroll.jit.flags>.*", "$1");
    assertTrue(flags.startsWith("-XX:"), flags);
    List<String> options = Files.readAllLines(Path.of("conf/spark-defaults.conf.template")).stream()
        .filter(l -> l.startsWith("spark.driver.extraJavaOptions") || l.startsWith("spark.executor.extraJavaOptions"))
        .toList();
    assertEquals(2, options.size());
    for (String line : options) {
      assertTrue(line.contains(" " + flags + " "), line);
    }
  }
}
