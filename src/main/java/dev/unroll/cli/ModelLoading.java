package dev.unroll.cli;

import dev.unroll.config.JobConfig;
import dev.unroll.model.Embedding;
import dev.unroll.weights.LoadedModel;
import org.apache.spark.sql.SparkSession;

/** TEMPORARY stub until Models.load lands on main. */
final class ModelLoading {
  private ModelLoading() {}

  static LoadedModel load(SparkSession spark, JobConfig.Model model) {
    throw new UnsupportedOperationException("weights loading arrives with Models.load");
  }

  static Embedding embedding(SparkSession spark, JobConfig.Model model) {
    return null;
  }
}
