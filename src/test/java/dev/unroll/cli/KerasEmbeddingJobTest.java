package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.testing.SharedSpark;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.NamedTensors;
import dev.unroll.weights.load.Models;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A Keras model that starts with an Embedding, scored by the job on token-id sequences: the table comes
 * from the weights file, and the final h matches the values the fixture script computed from Keras'
 * equations (see src/test/resources/fixtures/keras/README.md).
 */
class KerasEmbeddingJobTest {
  private static final Path KERAS = Path.of("src", "test", "resources", "fixtures", "keras");

  @TempDir Path dir;

  @Test
  void tokenIdsAreEmbeddedWithTheTableInTheKerasFileAndMatchTheExpectedStates() throws Exception {
    NamedTensors tokens = Models.readTensors(LocalWeightSource.of(KERAS.resolve("tokens.npz"))).tensors();
    float[] ids = tokens.find("ids").orElseThrow().values();
    float[] lengths = tokens.find("lengths").orElseThrow().values();
    // the top LSTM's final h; Keras lists [h, c] per layer after the bidirectional GRU's two states
    float[] expectedH = Models.readTensors(LocalWeightSource.of(
        KERAS.resolve("keras3_embedding_bigru_lstm.expected.npz"))).tensors().find("state_2").orElseThrow().values();
    int units = expectedH.length / lengths.length;

    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType));
    List<Row> rows = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < lengths.length; i++) {
      int[] t = new int[(int) lengths[i]];
      for (int s = 0; s < t.length; s++) {
        t[s] = (int) ids[at++];
      }
      rows.add(RowFactory.create(i, t));
    }
    Path in = dir.resolve("tokens");
    SharedSpark.session().createDataFrame(rows, schema).write().parquet(in.toString());

    StringWriter err = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()), new PrintWriter(err), "score",
        "--weights", KERAS.resolve("keras3_embedding_bigru_lstm.keras").toString(),
        "--input", in.toString(), "--sequence-column", "tokens", "--output", dir.resolve("out").toString(),
        "--progress-interval", "0");
    assertEquals(ExitCodes.OK, code, err.toString());

    List<Row> out = SharedSpark.session().read().parquet(dir.resolve("out").toString()).collectAsList();
    assertEquals(lengths.length, out.size());
    for (Row row : out) {
      int i = row.<Integer>getAs("id");
      List<Float> h = row.getList(row.fieldIndex("h"));
      assertEquals(units, h.size());
      for (int k = 0; k < units; k++) {
        float want = expectedH[i * units + k];
        assertTrue(Math.abs(h.get(k) - want) <= 1e-5f, "row " + i + " h[" + k + "] " + h.get(k) + " vs " + want);
      }
    }
  }

  @Test
  void anEmbeddingFlagBesideAKerasEmbeddingIsRefusedBeforeAnyWork() {
    SharedSpark.session();
    StringWriter err = new StringWriter();
    int code = UnrollCommand.run(new CommandLine(new UnrollCommand()), new PrintWriter(err), "score",
        "--weights", KERAS.resolve("keras3_embedding_bigru_lstm.keras").toString(),
        "--embedding", "table.npy", "--input", dir.resolve("none").toString(),
        "--sequence-column", "tokens", "--output", dir.resolve("out").toString());
    assertEquals(ExitCodes.PREFLIGHT, code, err.toString());
    assertTrue(err.toString().contains("already holds the model's Embedding layer: drop --embedding"),
        err.toString());
  }
}
