package dev.unroll.weights.tensorflow;

import dev.unroll.weights.SourceBytes;
import dev.unroll.weights.WeightSource;
import dev.unroll.weights.WeightsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a checkpoint's {@code .index} file from what the user named: the {@code .index} file itself,
 * the prefix ({@code model.ckpt-1000}), a SavedModel folder ({@code variables/variables.index}), a
 * {@code variables/} folder, or a folder with a {@code checkpoint} state file (its
 * {@code model_checkpoint_path}, the newest checkpoint).
 */
final class CheckpointLocation {
  private static final Pattern MODEL_PATH =
      Pattern.compile("(?m)^\\s*model_checkpoint_path\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private CheckpointLocation() {}

  static WeightSource indexFile(WeightSource source) throws IOException {
    String where = source.describe();
    if (source.isDirectory()) {
      for (String candidate : new String[] {"variables/variables.index", "variables.index"}) {
        WeightSource index = source.child(candidate);
        if (index.exists()) {
          return index;
        }
      }
      WeightSource state = source.child("checkpoint");
      if (state.exists()) {
        return fromStateFile(state, source);
      }
      throw new WeightsException(where + ": a folder with no checkpoint in it (looked for variables/variables.index,"
          + " variables.index and a 'checkpoint' state file)");
    }
    String name = source.fileName();
    if (name.endsWith(".index")) {
      return source;
    }
    if (name.matches(".*\\.data-\\d{5}-of-\\d{5}")) {
      throw new WeightsException(where + ": a checkpoint data shard; name the checkpoint by its prefix or its .index file");
    }
    WeightSource index = source.sibling(name + ".index");
    if (!index.exists()) {
      throw new WeightsException(where + ": no checkpoint index " + index.describe());
    }
    return index;
  }

  /**
   * The newest checkpoint named by a {@code checkpoint} text file. Its path may be relative to the
   * folder or absolute; an absolute path is looked up by its last component in this folder, because
   * folders are copied between machines and file systems.
   */
  private static WeightSource fromStateFile(WeightSource state, WeightSource folder) throws IOException {
    long size = state.size();
    if (size > 1 << 20) {
      throw new WeightsException(state.describe() + ": a checkpoint state file of " + size + " bytes is too large");
    }
    String text = new String(SourceBytes.readAll(state), StandardCharsets.UTF_8);
    Matcher m = MODEL_PATH.matcher(text);
    if (!m.find()) {
      throw new WeightsException(state.describe() + ": no model_checkpoint_path line");
    }
    String path = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    if (path.startsWith("/") || path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      path = path.substring(path.lastIndexOf('/') + 1);
    }
    WeightSource index;
    try {
      index = folder.child(path + ".index");
    } catch (IllegalArgumentException e) {
      throw new WeightsException(state.describe() + ": model_checkpoint_path '" + m.group(1) + "': " + e.getMessage(), e);
    }
    if (!index.exists()) {
      throw new WeightsException(state.describe() + ": model_checkpoint_path '" + m.group(1) + "' has no index file "
          + index.describe());
    }
    return index;
  }
}
