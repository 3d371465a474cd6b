package dev.unroll.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class DemoWeightsTest {
  @Test
  void theCommittedDemoWeightsAreExactlyWhatTheGeneratorWrites() throws IOException {
    try (InputStream committed = DemoWeightsTest.class.getResourceAsStream("/demo/demo-lstm.npz")) {
      assertArrayEquals(DemoWeightsGenerator.bytes(), committed.readAllBytes());
    }
  }
}
