package dev.unroll.spark.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small folder trees written and read back as {relative path: content}, hidden checksum files left out. */
final class Folders {
  private Folders() {}

  static void write(Path root, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = root.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
    }
  }

  static Map<String, String> read(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String name = p.getFileName().toString();
        if (!(name.startsWith(".") && name.endsWith(".crc"))) {
          files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }

  /** The names in {@code folder}, sorted. */
  static java.util.List<String> names(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
