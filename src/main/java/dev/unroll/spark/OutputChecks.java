package dev.unroll.spark;

import dev.unroll.config.BadRowPolicy;
import dev.unroll.config.JobConfig;
import dev.unroll.spark.publish.Debris;
import dev.unroll.spark.publish.ResolvedPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/** Pre-flight checks of where the job writes: never over what it reads, never over a dead run's debris. */
final class OutputChecks {
  private static final Logger LOG = LogManager.getLogger(OutputChecks.class);

  private OutputChecks() {}

  /**
   * Refuses an output (or quarantine output) that is, holds or lies inside the input, the weights, the
   * embedding table or the other output, compared as the file system resolves them: an overwrite there
   * would delete what the job reads.
   */
  static void requireApart(SparkSession spark, JobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      List<Named> read = new ArrayList<>();
      for (ResolvedPath input : ResolvedPath.ofEach(conf, config.input().path())) {
        read.add(new Named("--input", input));
      }
      read.add(new Named("--weights", ResolvedPath.of(conf, config.model().weights())));
      if (config.model().embedding() != null) {
        read.add(new Named("--embedding", ResolvedPath.of(conf, config.model().embedding())));
      }
      List<Named> written = new ArrayList<>();
      written.add(new Named("--output", ResolvedPath.of(conf, config.output().path())));
      if (config.run().badRows() == BadRowPolicy.QUARANTINE) {
        written.add(new Named("the quarantine output", ResolvedPath.of(conf, config.quarantinePath())));
      }
      for (Named w : written) {
        for (Named r : read) {
          fail(w.path().conflictWith(w.what(), r.path(), r.what()));
        }
      }
      if (written.size() == 2) {
        fail(written.get(1).path().conflictWith(written.get(1).what(), written.get(0).path(), "--output"));
      }
    } catch (IOException e) {
      throw new PreflightException("cannot resolve the paths of --input, --weights and --output: " + e.getMessage(), e);
    }
  }

  private record Named(String what, ResolvedPath path) {}

  private static void fail(String conflict) {
    if (conflict != null) {
      throw new PreflightException(conflict);
    }
  }

  /**
   * Refuses an output with debris of a killed run at or beside it, or removes the debris when asked.
   * The message starts with {@code debris of an interrupted run} (scripts may match it).
   */
  static void requireNoDebris(SparkSession spark, String path, String what, boolean clean) {
    try {
      Debris debris = Debris.find(spark.sparkContext().hadoopConfiguration(), path);
      if (debris.isEmpty()) {
        return;
      }
      if (clean) {
        debris.describe().forEach(d -> LOG.warn("--clean-debris: removing at {}: {}", path, d));
        debris.clean();
        return;
      }
      throw new PreflightException("debris of an interrupted run at " + what + " " + path + ": "
          + String.join("; ", debris.describe()) + ". Nothing of it was published. Remove it, or rerun with"
          + " --clean-debris (only when no other job writes to " + path + ")");
    } catch (IOException e) {
      throw new PreflightException("cannot look for debris of killed runs at " + what + " " + path + ": "
          + e.getMessage(), e);
    }
  }
}
