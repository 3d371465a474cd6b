package dev.unroll.weights.tensorflow;

import dev.unroll.weights.WeightsException;
import dev.unroll.weights.codec.ProtobufReader;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code _CHECKPOINTABLE_OBJECT_GRAPH} of a TF2 checkpoint ({@code TrackableObjectGraph}): for each
 * checkpoint key ({@code .../.ATTRIBUTES/VARIABLE_VALUE}) the variable's graph name
 * ({@code SerializedTensor.full_name}) where the writer recorded one.
 */
final class ObjectGraph {
  static final String KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";

  private ObjectGraph() {}

  /** checkpoint_key → full_name, for attributes whose full_name is set. */
  static Map<String, String> fullNames(String where, byte[] graph) throws WeightsException {
    Map<String, String> names = new HashMap<>();
    ProtobufReader in = new ProtobufReader(where + " " + KEY, graph);
    while (in.hasMore()) {
      int tag = in.readTag();
      if (tag != (1 << 3 | ProtobufReader.LENGTH_DELIMITED)) { // nodes
        in.skip(tag);
        continue;
      }
      ProtobufReader node = in.readMessage();
      while (node.hasMore()) {
        int t = node.readTag();
        if (t != (2 << 3 | ProtobufReader.LENGTH_DELIMITED)) { // attributes
          node.skip(t);
          continue;
        }
        ProtobufReader attribute = node.readMessage();
        String fullName = "";
        String checkpointKey = "";
        while (attribute.hasMore()) {
          int a = attribute.readTag();
          if (a == (2 << 3 | ProtobufReader.LENGTH_DELIMITED)) {
            fullName = attribute.readString();
          } else if (a == (3 << 3 | ProtobufReader.LENGTH_DELIMITED)) {
            checkpointKey = attribute.readString();
          } else {
            attribute.skip(a);
          }
        }
        if (!fullName.isEmpty() && !checkpointKey.isEmpty()) {
          names.put(checkpointKey, fullName);
        }
      }
    }
    return names;
  }
}
