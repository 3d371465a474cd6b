package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.unroll.config.ConfigResolver;
import dev.unroll.config.JobConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** What a session the job creates is given, and that the Spark configuration's own values win. */
class SessionSettingsTest {
  private static JobConfig.Run run(String... flags) {
    Map<String, String> given = new HashMap<>(Map.of("weights", "w.npz", "input", "in", "output", "out"));
    for (int i = 0; i < flags.length; i += 2) {
      given.put(flags[i], flags[i + 1]);
    }
    return ConfigResolver.resolve(given).run();
  }

  @Test
  void sparksOwnBarIsOffHeartbeatsComeEveryTwoSecondsAndAThousandTasksAreKeptByDefault() {
    Map<String, String> settings = Sessions.settings(new SparkConf(false), run());
    assertEquals("false", settings.get("spark.ui.showConsoleProgress"));
    assertEquals("2s", settings.get("spark.executor.heartbeatInterval"));
    assertEquals("1000", settings.get("spark.ui.retainedTasks"));
    assertEquals("local[*]", settings.get("spark.master"));
  }

  @Test
  void aLocalSessionWritesLocalFilesThroughNioPermissionsUnlessTheConfigurationNamesAFileSystem() {
    assertEquals("dev.unroll.hadoop.NioLocalFileSystem",
        Sessions.settings(new SparkConf(false), run()).get("spark.hadoop.fs.file.impl"));
    SparkConf named = new SparkConf(false).set("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
    assertFalse(Sessions.settings(named, run()).containsKey("spark.hadoop.fs.file.impl"));
  }

  @Test
  void sparkProgressTurnsSparksOwnBarOn() {
    assertEquals("true",
        Sessions.settings(new SparkConf(false), run("spark-progress", "true")).get("spark.ui.showConsoleProgress"));
  }

  @Test
  void whatTheSparkConfigurationSetsIsLeftAsItIs() {
    SparkConf submitted = new SparkConf(false).set("spark.master", "spark://host:7077")
        .set("spark.ui.showConsoleProgress", "true").set("spark.executor.heartbeatInterval", "10s")
        .set("spark.ui.retainedTasks", "100000");
    Map<String, String> settings = Sessions.settings(submitted, run("spark-progress", "false"));
    assertFalse(settings.containsKey("spark.ui.retainedTasks"));
    assertFalse(settings.containsKey("spark.ui.showConsoleProgress"));
    assertFalse(settings.containsKey("spark.executor.heartbeatInterval"));
    assertFalse(settings.containsKey("spark.master"));
    assertFalse(settings.containsKey("spark.hadoop.fs.file.impl")); // a cluster's executors keep Hadoop's
  }
}
