/**
 * unroll inside a user's own Spark ML code: {@link dev.unroll.ml.RnnEncoder}, a {@code Transformer} that
 * runs the score job's scoring pass ({@link dev.unroll.spark.ScoringPass}) on a DataFrame and saves and
 * loads in a {@code PipelineModel}. Its params are the job's model and column options
 * ({@link dev.unroll.config.JobOption}) under camel-case names.
 *
 * <p>Depends on {@code spark} and {@code config}; nothing numeric lives here.
 */
package dev.unroll.ml;
