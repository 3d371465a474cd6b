package dev.unroll.spark.plan;

import dev.unroll.config.JobConfig;
import dev.unroll.hadoop.HadoopWeightSource;
import dev.unroll.model.Embedding;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.Provenance;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.TensorFile;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the weights and the embedding table on the driver, through Hadoop's file systems: for the job and
 * for the {@code ml} transformer alike.
 */
public final class ModelLoading {
  private ModelLoading() {}

  /**
   * The model, or a pre-flight failure naming the file and what does not fit; weights holding NaN or
   * infinite values are refused unless {@code --allow-non-finite-weights} is set.
   */
  public static LoadedModel load(SparkSession spark, JobConfig.Model model) {
    return load(HadoopWeightSource.of(model.weights(), spark.sparkContext().hadoopConfiguration()), model);
  }

  /** {@link #load(SparkSession, JobConfig.Model)} from {@code source}, the file {@code model} names. */
  public static LoadedModel load(WeightSource source, JobConfig.Model model) {
    LoadedModel loaded;
    try {
      loaded = Models.load(source, model.hints());
    } catch (IOException | IllegalArgumentException e) {
      throw new PreflightException("cannot use --weights " + model.weights() + ": " + e.getMessage()
          + " (check --weights and the cell flags: --cell, --units, --activation, --forget-bias)", e);
    }
    if (!model.allowNonFiniteWeights()) {
      try {
        loaded.provenance().requireFinite();
      } catch (WeightsException e) {
        throw new PreflightException("cannot use --weights " + model.weights() + ": " + e.getMessage(), e);
      }
    }
    return loaded;
  }

  /**
   * The embedding table: the one the weights file holds (a Keras {@code Embedding} layer), or the one
   * named by {@code --embedding} (one 2-D tensor), or null when there is none. Both at once is refused.
   */
  public static Embedding embedding(SparkSession spark, JobConfig.Model model, LoadedModel loaded) {
    if (loaded.embedding() != null) {
      if (model.embedding() != null) {
        throw new PreflightException("--embedding " + model.embedding() + " is set but " + model.weights()
            + " already holds the model's Embedding layer: drop --embedding");
      }
      return loaded.embedding();
    }
    if (model.embedding() == null) {
      return null;
    }
    try {
      return readEmbedding(spark, model.embedding(), model.allowNonFiniteWeights());
    } catch (IOException | IllegalArgumentException e) {
      throw new PreflightException("cannot use --embedding " + model.embedding() + ": " + e.getMessage(), e);
    }
  }

  private static Embedding readEmbedding(SparkSession spark, String path, boolean allowNonFinite)
      throws IOException {
    TensorFile file = Models.readTensors(HadoopWeightSource.of(path, spark.sparkContext().hadoopConfiguration()));
    List<Tensor> tensors = file.tensors().all();
    if (tensors.size() != 1 || tensors.get(0).rank() != 2) {
      throw new WeightsException(path + ": an embedding table must be one 2-D tensor "
          + "[vocabulary, dimension]; found " + tensors.stream().map(Tensor::describe).toList());
    }
    Tensor t = tensors.get(0);
    if (!allowNonFinite) {
      Provenance.of(path, file.format(), file.sha256(), tensors).requireFinite();
    }
    return new Embedding(t.dim(0), t.dim(1), t.values());
  }
}
