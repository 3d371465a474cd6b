package dev.unroll.weights;

import java.util.List;

/**
 * Where a model's weights came from: logged by the job and written into its run summary.
 *
 * @param source the URI or path as the user gave it
 * @param format e.g. {@code npz}, {@code tf-checkpoint}, {@code onnx}
 * @param sha256 hex SHA-256 of the file's bytes (for a checkpoint: of its index file followed by
 *     its data shards in order)
 * @param tensors every tensor the model was built from, as {@code name dtype shape}
 */
public record Provenance(String source, String format, String sha256, List<String> tensors) {
  public Provenance {
    tensors = List.copyOf(tensors);
  }

  /**
   * One paragraph for a log: e.g. {@code weights model.npz (npz, sha256 ab12...): 2 tensors: kernel
   * float32 [7, 16], bias float32 [16]}.
   */
  public String summary() {
    return "weights " + source + " (" + format + ", sha256 " + sha256 + "): " + tensors.size()
        + (tensors.size() == 1 ? " tensor" : " tensors")
        + (tensors.isEmpty() ? "" : ": " + String.join(", ", tensors));
  }

  /**
   * A small JSON object for a run summary: {@code {"source": ..., "format": ..., "sha256": ...,
   * "tensors": [...]}}, strings escaped as JSON requires.
   */
  public String toJson() {
    StringBuilder s = new StringBuilder("{\"source\": ");
    quote(s, source).append(", \"format\": ");
    quote(s, format).append(", \"sha256\": ");
    quote(s, sha256).append(", \"tensors\": [");
    for (int i = 0; i < tensors.size(); i++) {
      quote(s.append(i == 0 ? "" : ", "), tensors.get(i));
    }
    return s.append("]}").toString();
  }

  /** Appends {@code value} as a JSON string ({@code null} as JSON null). */
  private static StringBuilder quote(StringBuilder s, String value) {
    if (value == null) {
      return s.append("null");
    }
    s.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        case '\b' -> s.append("\\b");
        case '\f' -> s.append("\\f");
        default -> {
          // other control characters, and line separators some JavaScript parsers reject
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"');
  }
}
