package dev.unroll.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a command runs in: the one spark-submit configured, one already running in this
 * JVM (tests), or a local one for the embedded runner.
 *
 * @param owned whether this command created the session and so must stop it
 */
record Sessions(SparkSession spark, boolean owned) implements AutoCloseable {

  static Sessions open(String master) {
    if (SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined()) {
      return new Sessions(SparkSession.builder().getOrCreate(), false);
    }
    SparkSession.Builder builder = SparkSession.builder().appName("unroll score");
    // spark-submit passes its settings as spark.* system properties, which SparkConf reads
    if (!new SparkConf().contains("spark.master")) {
      String local = master == null ? "local[*]" : master;
      builder.master(local);
      if (local.startsWith("local")) {
        // the embedded runner: no network needed, and the console progress bar users know
        builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.showConsoleProgress", "true");
      }
    }
    return new Sessions(builder.getOrCreate(), true);
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
