package dev.unroll.cli;

import dev.unroll.config.JobConfig;
import dev.unroll.hadoop.NioLocalFileSystem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a command runs in: the one spark-submit configured, one already running in this
 * JVM (tests), or a local one for the embedded runner.
 *
 * @param owned whether this command created the session and so must stop it
 */
record Sessions(SparkSession spark, boolean owned) implements AutoCloseable {
  /**
   * How often executors report running tasks' counts, unless the Spark configuration says: Spark's 10 s
   * default leaves the progress line without counts for the first 10-20 s of a task. Five heartbeats
   * make the progress rate's window.
   */
  static final String HEARTBEAT_INTERVAL = "2s";
  /**
   * How many finished tasks of a stage Spark's status store keeps (its UI's task table and the stage's
   * task quantiles), unless the Spark configuration says: Spark keeps 100,000, about 1.6 KB each with the
   * job's counters (measured: 31 MB more live heap after 20,000 tasks than with 1,000 kept), so a run of
   * 100,000 tasks (1.25 billion rows at 12,500 a task) would hold 160 MB of a 1 GB driver for a table
   * nobody pages through. The job's own summary and report do not read the store.
   */
  static final String RETAINED_TASKS = "1000";

  /**
   * The Hadoop file system class for {@code file:} paths: {@link NioLocalFileSystem} in a local session
   * this command creates, unless the Spark configuration names one. Left to Hadoop on a cluster, whose
   * executors might not load a class of the application's jar for Hadoop.
   */
  static final String LOCAL_FILE_SYSTEM = "spark.hadoop.fs.file.impl";

  static Sessions open(JobConfig.Run run) {
    if (sessionExists()) {
      return new Sessions(SparkSession.builder().getOrCreate(), false);
    }
    SparkSession.Builder builder = SparkSession.builder().appName("unroll score");
    settings(new SparkConf(), run).forEach(builder::config);
    return new Sessions(builder.getOrCreate(), true);
  }

  /** Whether {@link #open} will start a local session of its own (no session yet, a local master). */
  static boolean startsLocal(JobConfig.Run run) {
    if (sessionExists()) {
      return false;
    }
    SparkConf given = new SparkConf();
    return settings(given, run).getOrDefault("spark.master", given.get("spark.master", "")).startsWith("local");
  }

  private static boolean sessionExists() {
    return SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
  }

  /**
   * What the job sets in a session it creates. spark-submit passes its settings (spark-defaults.conf,
   * {@code --conf}) as spark.* system properties, which {@code given} reads; a builder setting would replace
   * them, so only what they leave unset is set here.
   */
  static Map<String, String> settings(SparkConf given, JobConfig.Run run) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (!given.contains("spark.master")) {
      String local = run.master() == null ? "local[*]" : run.master();
      settings.put("spark.master", local);
      if (local.startsWith("local")) {
        // the embedded runner: no network needed
        settings.put("spark.driver.host", "127.0.0.1");
        settings.put("spark.driver.bindAddress", "127.0.0.1");
        if (!given.contains(LOCAL_FILE_SYSTEM)) {
          // every task and the publish here are in this JVM, which has unroll's classes
          settings.put(LOCAL_FILE_SYSTEM, NioLocalFileSystem.class.getName());
        }
      }
    }
    if (!given.contains("spark.ui.showConsoleProgress")) {
      // unroll's own progress line says more (rows, rate, ETA); two bars on one line garble each other
      settings.put("spark.ui.showConsoleProgress", String.valueOf(run.sparkProgress()));
    }
    if (!given.contains("spark.executor.heartbeatInterval")) {
      settings.put("spark.executor.heartbeatInterval", HEARTBEAT_INTERVAL);
    }
    if (!given.contains("spark.ui.retainedTasks")) {
      settings.put("spark.ui.retainedTasks", RETAINED_TASKS);
    }
    return settings;
  }

  @Override
  public void close() {
    // Spark clears its console progress bar when a job ends well only; a failed job's bar would be
    // left on the line where the one-line error is printed next. (Scala's package-private members are
    // public to Java.)
    if (spark.sparkContext().progressBar().isDefined()) {
      spark.sparkContext().progressBar().get().finishAll();
    }
    if (owned) {
      spark.stop();
    }
  }
}
