package dev.unroll.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session every Spark test shares: two cores, up to four attempts per task (as
 * {@code spark.task.maxFailures} gives a cluster), loopback host, no UI, heartbeats each second, two
 * shuffle partitions, each input file read as its own partition, unroll's SQL extension and, on Spark
 * lines with a Delta Lake release, Delta's extension and catalog configured. Created on first use and
 * left to the JVM's shutdown.
 */
public final class SharedSpark {
  private SharedSpark() {}

  private static SparkSession session;

  public static synchronized SparkSession session() {
    if (session == null) {
      SparkSession.Builder builder = SparkSession.builder()
          .master("local[2,4]")
          .appName("unroll-tests")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "2")
          // running tasks' counts reach the progress line each second (the job itself sets 2 s)
          .config("spark.executor.heartbeatInterval", "1s")
          // one input file, one partition: tests choose the partitioning by how many files they write
          .config("spark.sql.files.openCostInBytes", String.valueOf(128L << 20))
          // unroll's SQL functions, as a user's session registers them (see the README)
          .config("spark.sql.extensions", "dev.unroll.sql.UnrollExtensions");
      if (hasDelta()) {
        // Delta Lake, the transactional sink, as a cluster job configures it; the Spark lines with a Delta
        // release have it on the test classpath (the pom), and a session naming an absent catalog fails
        builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,dev.unroll.sql.UnrollExtensions")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
      }
      session = builder.getOrCreate();
    }
    return session;
  }

  private static boolean hasDelta() {
    try {
      Class.forName("io.delta.sql.DeltaSparkSessionExtension", false, SharedSpark.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
