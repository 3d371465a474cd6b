package dev.unroll.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code unroll} started as a user starts it: a JVM of its own, logging as {@code conf/log4j2.properties} sets it. */
final class OwnJvm {
  private OwnJvm() {}

  /** The command line of a 1 GB JVM running {@link UnrollCommand} with {@code args}. */
  static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    // the JVM flags surefire gave this JVM: Spark's --add-opens, the vector module, on Java 24+ the native and
    // Unsafe access flags after -XX:+IgnoreUnrecognizedVMOptions, the JIT settings
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--") || arg.startsWith("-XX:")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), UnrollCommand.class.getName()));
    command.addAll(args);
    return command;
  }

  /** {@link #command} as a process builder: stdout discarded, Spark bound to loopback. */
  static ProcessBuilder process(List<String> args) {
    ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb;
  }
}
