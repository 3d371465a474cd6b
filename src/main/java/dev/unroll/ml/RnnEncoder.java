package dev.unroll.ml;

import dev.unroll.config.JobOption;
import dev.unroll.model.Embedding;
import dev.unroll.spark.plan.ModelLoading;
import dev.unroll.spark.ScoringPass;
import dev.unroll.weights.LoadedModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * unroll as a Spark ML stage: encodes each row's sequence with a recurrent model and appends what
 * {@code emit} asks for ({@code h}, {@code c}, {@code mean}, ...) to the row, keeping the other input
 * columns, as Spark's transformers do. It runs the score job's own scoring pass (the same partition function,
 * mini-batches and broadcast model), so a row scores bit for bit as the job scores it.
 *
 * <pre>{@code
 * Dataset<Row> encoded = new RnnEncoder().setWeights("hdfs:///models/m.npz").setCell("basic_lstm")
 *     .setLengthColumn("length").transform(events);
 * }</pre>
 *
 * <p>The weights are read on the driver when the stage is first checked or run. Saved (alone or in a
 * {@code PipelineModel}), the stage records the weights' path and SHA-256; loading it refuses a weights
 * file whose checksum has changed since.
 */
public final class RnnEncoder extends EncoderParams implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** The model read for the current model params; never serialized (executors get a broadcast). */
  private transient Loaded loaded;

  private record Loaded(Map<JobOption, String> key, LoadedModel model, Embedding embedding) {}

  public RnnEncoder() {
    this(Identifiable.randomUID("rnnEncoder"));
  }

  /** For Spark's readers and {@link #copy}, which make the stage again under its uid. */
  public RnnEncoder(String uid) {
    super(uid);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return encode(schema).schema;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> input = dataset.toDF();
    Encoding encoding = encode(input.schema());
    SparkSession spark = input.sparkSession();
    Dataset<Row> scored = encoding.pass.score(input,
        ScoringPass.broadcast(spark, encoding.model.model().model(), encoding.model.embedding()));
    List<Column> columns = new ArrayList<>();
    for (String name : encoding.schema.fieldNames()) {
      columns.add(functions.col("`" + name.replace("`", "``") + "`"));
    }
    // the scoring pass writes id, emitted, pass-through; a stage keeps its input's order and appends
    return scored.select(columns.toArray(new Column[0]));
  }

  /** The checked plan for an input schema and the stage's output schema. */
  private record Encoding(ScoringPass pass, Loaded model, StructType schema) {}

  private Encoding encode(StructType schema) {
    EncoderSettings settings = EncoderSettings.of(optionValues(), schema);
    Loaded model = model(SparkSession.active(), settings);
    ScoringPass pass = ScoringPass.plan(schema, settings.input(), settings.output(), settings.run(),
        model.model().model(), model.embedding());
    StructType scored = pass.outputSchema();
    Set<String> kept = new LinkedHashSet<>(settings.input().passThrough());
    kept.add(settings.input().idColumn());
    List<StructField> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (kept.contains(f.name())) {
        fields.add(scored.apply(f.name()));
      }
    }
    for (StructField f : scored.fields()) {
      if (!kept.contains(f.name())) {
        fields.add(f);
      }
    }
    return new Encoding(pass, model, new StructType(fields.toArray(new StructField[0])));
  }

  /** The model for the current params, read once; refused if its checksum differs from the recorded one. */
  private Loaded model(SparkSession spark, EncoderSettings settings) {
    Map<JobOption, String> key = optionValues();
    key.keySet().retainAll(JobOption.of(JobOption.Group.MODEL, JobOption.Group.JOB_MODEL));
    if (loaded == null || !loaded.key().equals(key)) {
      LoadedModel model = ModelLoading.load(spark, settings.model());
      Embedding embedding = ModelLoading.embedding(spark, settings.model(), model);
      loaded = new Loaded(key, model, embedding);
    }
    String recorded = isSet(weightsSha256()) ? getOrDefault(weightsSha256()) : null;
    String found = loaded.model().provenance().sha256();
    if (recorded != null && !recorded.equals(found)) {
      throw new WeightsChangedException(getOrDefault(weights()), recorded, found);
    }
    return loaded;
  }

  /** Reads the weights now (as {@code transform} would), so a missing or changed file fails here. */
  void checkWeights() {
    model(SparkSession.active(), EncoderSettings.of(optionValues(), new StructType()));
  }

  @Override
  public RnnEncoder copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params with the weights' SHA-256, so a later load can tell the file has changed. */
  @Override
  public MLWriter write() {
    RnnEncoder saved = copy(ParamMap.empty());
    EncoderSettings settings = EncoderSettings.of(optionValues(), new StructType());
    saved.set(saved.weightsSha256(), model(SparkSession.active(), settings).model().provenance().sha256());
    return new DefaultParamsWriter(saved);
  }

  /** A reader that checks the weights' checksum as it loads, so a stale pipeline fails at load time. */
  public static MLReader<RnnEncoder> read() {
    return new MLReader<>() {
      @Override
      public RnnEncoder load(String path) {
        RnnEncoder encoder = new DefaultParamsReader<RnnEncoder>().load(path);
        encoder.checkWeights();
        return encoder;
      }
    };
  }

  public static RnnEncoder load(String path) {
    return read().load(path);
  }

  /**
   * Sets params by the score job's option names ({@code cell}, {@code batch-size}, {@code output-layout},
   * ...), values as text, lists comma-separated: how the SQL function and PySpark pass them.
   *
   * @throws dev.unroll.config.ConfigException naming an unknown option or a value of the wrong type
   */
  public RnnEncoder setOptions(Map<String, String> options) {
    options.forEach(this::setOption);
    return this;
  }

  /** Sets the weights file; a checksum recorded for earlier weights no longer applies. */
  public RnnEncoder setWeights(String value) {
    set(weights(), value);
    clear(weightsSha256());
    return this;
  }

  public RnnEncoder setCell(String value) {
    set(cell(), value);
    return this;
  }

  public RnnEncoder setUnits(int value) {
    set(units(), value);
    return this;
  }

  public RnnEncoder setActivation(String value) {
    set(activation(), value);
    return this;
  }

  public RnnEncoder setForgetBias(float value) {
    set(forgetBias(), value);
    return this;
  }

  public RnnEncoder setCellClip(float value) {
    set(cellClip(), value);
    return this;
  }

  public RnnEncoder setProjClip(float value) {
    set(projClip(), value);
    return this;
  }

  public RnnEncoder setLayers(int value) {
    set(layers(), value);
    return this;
  }

  public RnnEncoder setDirection(String value) {
    set(direction(), value);
    return this;
  }

  public RnnEncoder setScope(String value) {
    set(scope(), value);
    return this;
  }

  public RnnEncoder setEmbedding(String value) {
    set(embedding(), value);
    return this;
  }

  public RnnEncoder setIdColumn(String value) {
    set(idColumn(), value);
    return this;
  }

  public RnnEncoder setSequenceColumn(String value) {
    set(sequenceColumn(), value);
    return this;
  }

  public RnnEncoder setLengthColumn(String value) {
    set(lengthColumn(), value);
    return this;
  }

  public RnnEncoder setFeatureSize(int value) {
    set(featureSize(), value);
    return this;
  }

  public RnnEncoder setPassThrough(String... columns) {
    set(passThrough(), columns);
    return this;
  }

  public RnnEncoder setEmit(String... what) {
    set(emit(), what);
    return this;
  }

  public RnnEncoder setOutputLayout(String value) {
    set(outputLayout(), value);
    return this;
  }

  public RnnEncoder setBatchSize(int value) {
    set(batchSize(), value);
    return this;
  }

  public RnnEncoder setSortWindow(int value) {
    set(sortWindow(), value);
    return this;
  }

  public RnnEncoder setBadRows(String value) {
    set(badRows(), value);
    return this;
  }
}
