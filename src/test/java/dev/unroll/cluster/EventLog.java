package dev.unroll.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The task attempts of an application, read from the Spark event log its driver wrote
 * ({@code spark.eventLog.enabled}): one JSON event per line.
 */
final class EventLog {
  private EventLog() {}

  /**
   * A task attempt that started, on executor {@code executor}; {@code failure} is its end reason's
   * description when it failed, else null.
   */
  record Attempt(int stage, int index, int attempt, String executor, String endReason, String failure) {}

  /** The id of the one application that logged to {@code dir}: Spark names its event log after it. */
  static String applicationId(Path dir) throws IOException {
    return log(dir).getFileName().toString();
  }

  private static Path log(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> logs = files.toList();
      if (logs.size() != 1) {
        throw new IllegalStateException("expected one event log in " + dir + ", found " + logs);
      }
      return logs.get(0);
    }
  }

  /** Every task attempt of the one application that logged to {@code dir}. */
  static List<Attempt> attempts(Path dir) throws IOException {
    Path log = log(dir);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> ends = new ArrayList<>();
    List<JsonNode> starts = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode event = json.readTree(line);
      switch (event.path("Event").asText()) {
        case "SparkListenerTaskStart" -> starts.add(event);
        case "SparkListenerTaskEnd" -> ends.add(event);
        default -> { }
      }
    }
    List<Attempt> attempts = new ArrayList<>();
    for (JsonNode start : starts) {
      JsonNode info = start.path("Task Info");
      long taskId = info.path("Task ID").asLong();
      JsonNode end = ends.stream().filter(e -> e.path("Task Info").path("Task ID").asLong() == taskId)
          .findFirst().orElse(null);
      String reason = end == null ? null : end.path("Task End Reason").path("Reason").asText();
      String failure = end == null || "Success".equals(reason) ? null
          : end.path("Task End Reason").path("Description").asText(reason);
      attempts.add(new Attempt(start.path("Stage ID").asInt(), info.path("Index").asInt(),
          info.path("Attempt").asInt(), info.path("Executor ID").asText(), reason, failure));
    }
    return attempts;
  }
}
