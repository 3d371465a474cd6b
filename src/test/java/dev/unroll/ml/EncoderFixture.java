package dev.unroll.ml;

import dev.unroll.math.Gemms;
import dev.unroll.model.ModelHints;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.Unroller;
import dev.unroll.testing.NpzFiles;
import dev.unroll.testing.SharedSpark;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The bundled demo model (a TF v1 BasicLSTMCell, 8 inputs, 16 units) copied to a test folder, a small seeded
 * input for it written as parquet, and the core's own final state for each sequence alone.
 */
public final class EncoderFixture {
  public static final int FEATURES = 8;
  public static final int UNITS = 16;
  /** The cell options the demo weights need, as the score job's options spell them. */
  public static final Map<String, String> CELL = Map.of("cell", "basic_lstm", "units", "16");

  /** One generated row: id, the stored steps (maybe past its length), its length. */
  public record Sequence(long id, float[][] stored, int length) {}

  private EncoderFixture() {}

  public static SparkSession spark() {
    return SharedSpark.session();
  }

  /** Copies the demo weights to {@code dir} and returns their path. */
  public static Path weights(Path dir) {
    Path file = dir.resolve("demo-lstm.npz");
    try (InputStream in = EncoderFixture.class.getResourceAsStream("/demo/demo-lstm.npz")) {
      Files.createDirectories(dir);
      Files.copy(in, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Rewrites {@code weights} with its first tensor's first value changed: still a valid model, other bytes. */
  public static void change(Path weights) throws IOException {
    List<Tensor> tensors = Models.readTensors(LocalWeightSource.of(weights)).tensors().all();
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      float[] values = t.values().clone();
      if (i == 0) {
        values[0] += 0.5f;
      }
      arrays.put(t.name(), NpzFiles.f32(values, t.shape()));
    }
    NpzFiles.write(weights, arrays);
  }

  /** {@code count} sequences of 0 to 11 steps; every fourth stored two steps past its length. */
  public static List<Sequence> sequences(int count, long seed) {
    Random random = new Random(seed);
    List<Sequence> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int length = random.nextInt(12);
      float[][] steps = new float[length + (i % 4 == 0 ? 2 : 0)][FEATURES];
      for (float[] step : steps) {
        for (int k = 0; k < FEATURES; k++) {
          step[k] = (float) random.nextGaussian() * 0.5f;
        }
      }
      out.add(new Sequence(1000 + i, steps, length));
    }
    return out;
  }

  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType)
      .add("day", DataTypes.StringType)
      .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
      .add("length", DataTypes.IntegerType);

  /** The sequences as a DataFrame (id, day, sequence, length), in {@code partitions} partitions. */
  public static Dataset<Row> frame(List<Sequence> sequences, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (Sequence s : sequences) {
      rows.add(RowFactory.create(s.id(), s.id() % 2 == 0 ? "2026-11-25" : "2026-11-26", s.stored(), s.length()));
    }
    return spark().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /** The final h of each sequence scored alone by the core, by id. */
  public static Map<Long, float[]> coreH(Path weights, List<Sequence> sequences) throws IOException {
    ModelHints hints = dev.unroll.config.ConfigResolver.hints(CELL);
    RnnModel model = Models.load(LocalWeightSource.of(weights), hints).model();
    Unroller unroller = new Unroller(PreparedModel.prepare(model, Gemms.preferred()));
    Map<Long, float[]> h = new LinkedHashMap<>();
    for (Sequence s : sequences) {
      float[] valid = new float[s.length() * FEATURES];
      for (int t = 0; t < s.length(); t++) {
        System.arraycopy(s.stored()[t], 0, valid, t * FEATURES, FEATURES);
      }
      h.put(s.id(), unroller.unroll(SequenceBatch.of(FEATURES, new float[][] {valid}), false)
          .finalStates().get(0).h());
    }
    return h;
  }

  /** A float list column as floats. */
  public static float[] floats(Row row, String column) {
    List<Float> list = row.getList(row.fieldIndex(column));
    float[] v = new float[list.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = list.get(i);
    }
    return v;
  }
}
