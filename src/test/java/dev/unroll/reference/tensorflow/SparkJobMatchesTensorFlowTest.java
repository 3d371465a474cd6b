package dev.unroll.reference.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.config.ConfigResolver;
import dev.unroll.hadoop.HadoopWeightSource;
import dev.unroll.model.ModelHints;
import dev.unroll.model.SequenceBatch;
import dev.unroll.spark.JobSummary;
import dev.unroll.spark.ScoringJob;
import dev.unroll.testing.NpzFiles;
import dev.unroll.testing.SharedSpark;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path a user takes, against TensorFlow: TF v1 BasicLSTMCell variables in an .npz, read
 * through Hadoop's file system API, scored by the Spark job over a Parquet table of flat sequences, give
 * the final h and c TensorFlow's LSTMBlockCell kernel computes with dynamic_rnn semantics (within 1e-5).
 */
class SparkJobMatchesTensorFlowTest {
  private static final Shape SHAPE = new Shape(8, 16, 40, 12);

  @TempDir Path dir;

  @Test
  void theJobsFinalStatesAreTensorFlows() throws IOException {
    SeededData data = new SeededData(SHAPE.seed());
    TfWeights.Lstm w = data.lstm(SHAPE.inputSize(), SHAPE.units(), 0, false);
    SequenceBatch batch = data.batch(SHAPE);
    TfReferenceUnroll.Result tensorFlow;
    try (TfGraphCell cell = TfCells.lstmBlockCell(w, 1.0f, Float.NaN)) {
      tensorFlow = TfReferenceUnroll.run(List.of(TfReferenceUnroll.Layer.of(cell)), batch, null);
    }
    Map<String, NpzFiles.Array> arrays = new LinkedHashMap<>();
    arrays.put("rnn/basic_lstm_cell/kernel",
        NpzFiles.f32(w.kernel(), SHAPE.inputSize() + SHAPE.units(), 4 * SHAPE.units()));
    arrays.put("rnn/basic_lstm_cell/bias", NpzFiles.f32(w.bias(), 4 * SHAPE.units()));
    Path weights = NpzFiles.write(dir.resolve("weights.npz"), arrays);

    SparkSession spark = SharedSpark.session();
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("sequence", DataTypes.createArrayType(DataTypes.FloatType));
    List<Row> rows = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < batch.count(); i++) {
      int n = batch.lengths()[i] * SHAPE.inputSize();
      rows.add(RowFactory.create(i, Arrays.copyOfRange(batch.values(), at, at + n)));
      at += n;
    }
    Path input = dir.resolve("input");
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(input.toString());

    LoadedModel model = Models.load(
        HadoopWeightSource.of(weights.toUri().toString(), spark.sparkContext().hadoopConfiguration()),
        new ModelHints(ModelHints.CellType.BASIC_LSTM, SHAPE.units(), null, 1.0f, null, null));
    Path output = dir.resolve("output");
    JobSummary summary = ScoringJob.run(spark, ConfigResolver.resolve(Map.of("weights", weights.toString(),
        "input", input.toString(), "output", output.toString(), "batch-size", "7", "progress-interval", "0"),
        Map.of()), model, null);
    // 40 rows written, none bad: 40 read, 40 scored, 0 rejected, one output row per id 0..39
    assertEquals(List.of(40L, 40L, 0L), List.of(summary.rowsRead(), summary.rowsScored(), summary.rowsRejected()));
    List<Row> written = spark.read().parquet(output.toString()).collectAsList();
    assertEquals(IntStream.range(0, 40).boxed().toList(),
        written.stream().map(row -> row.getInt(row.fieldIndex("id"))).sorted().toList());

    int units = SHAPE.units();
    for (Row row : written) {
      int i = row.getInt(row.fieldIndex("id"));
      Agreement.assertClose("h of row " + i, Arrays.copyOfRange(tensorFlow.finalStates().get(0).h(),
          i * units, (i + 1) * units), floats(row, "h"));
      Agreement.assertClose("c of row " + i, Arrays.copyOfRange(tensorFlow.finalStates().get(0).c(),
          i * units, (i + 1) * units), floats(row, "c"));
    }
  }

  private static float[] floats(Row row, String column) {
    List<Float> list = row.getList(row.fieldIndex(column));
    float[] v = new float[list.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = list.get(k);
    }
    return v;
  }
}
