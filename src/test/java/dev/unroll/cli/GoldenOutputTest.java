package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.testing.SharedSpark;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job writes, bit for bit, what it wrote before its data path was rewritten for speed: the golden
 * files in {@code src/test/resources/golden} were made by {@link GoldenOutputs} on the earlier code.
 */
class GoldenOutputTest {
  @TempDir Path dir;

  @Test
  void theArrayLayoutWritesTheGoldenBitsAndQuarantinesTheGoldenRows() throws Exception {
    Path out = score("array");
    assertEquals(golden("expected-state.txt"), GoldenOutputs.stateLines(SharedSpark.session(), out.toString()));
    assertEquals(golden("expected-quarantine.txt"),
        GoldenOutputs.quarantineLines(SharedSpark.session(), out + "_quarantine"));
  }

  @Test
  void theColumnsLayoutWritesTheSameGoldenBits() throws Exception {
    Path out = score("columns");
    List<String> lines = new ArrayList<>();
    for (Row r : SharedSpark.session().read().parquet(out.toString()).orderBy("id").collectAsList()) {
      lines.add(r.<Long>getAs("id") + " " + r.<String>getAs("day") + " " + columnBits(r, "h") + " "
          + columnBits(r, "c"));
    }
    assertEquals(golden("expected-state.txt"), lines);
  }

  private Path score(String layout) throws URISyntaxException {
    return GoldenOutputs.score(dir.resolve(layout), "--output-layout", layout);
  }

  private static List<String> golden(String name) throws Exception {
    return Files.readAllLines(GoldenOutputs.fixture().resolve(name));
  }

  private static String columnBits(Row r, String name) {
    List<Float> values = new ArrayList<>();
    for (int k = 0; k < GoldenOutputs.UNITS; k++) {
      values.add(r.getFloat(r.fieldIndex(name + "_" + k)));
    }
    return GoldenOutputs.bits(values);
  }
}
