package dev.unroll.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tiled kernels on AVX2's 256-bit vectors, whose 16 registers take the 6-column micro-kernel: a JVM
 * of its own with {@code -XX:UseAVX=2} (what C2 then has is what an AVX2-only CPU gives it) runs
 * {@link NarrowVectorsCheck}.
 */
class NarrowVectorsTest {

  @Test
  void onAvx2TheSixColumnKernelGivesOneFmaChainsBitsAndTheScalarUnrollsBits() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-modules") || arg.startsWith("-XX:")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-XX:UseAVX=2", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        NarrowVectorsCheck.class.getName()));
    String output = run(command);

    List<String> lines = output.lines().toList();
    assertTrue(lines.contains("gemm=tiled-vector-256 wide=6 narrow=6"),
        "the child's kernel: 256-bit vectors in 6-column panels; its output:\n" + output);
    assertTrue(lines.contains("mismatches=0"), "no element differs from its FMA chain or the scalar unroll:\n"
        + output);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM ends");
    String output = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "the child JVM's exit code; its output:\n" + output);
    return output;
  }
}
