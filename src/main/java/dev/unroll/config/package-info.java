/**
 * The resolved job configuration: option names ({@link dev.unroll.config.JobOption}), one immutable
 * record ({@link dev.unroll.config.JobConfig}) built once on the driver by
 * {@link dev.unroll.config.ConfigResolver} with the precedence command-line flag, then job
 * configuration file, then default, and validated there.
 *
 * <p>Plain values only: nothing here imports Spark or Hadoop, so the parts executors need can be
 * copied into a task as ordinary serializable values.
 */
package dev.unroll.config;
