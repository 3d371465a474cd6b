package dev.unroll.weights;

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
    ProtoReader in = new ProtoReader(where + " " + KEY, graph);
    while (in.hasMore()) {
      int tag = in.tag();
      if (tag != (1 << 3 | ProtoReader.LENGTH_DELIMITED)) { // nodes
        in.skip(tag & 7);
        continue;
      }
      ProtoReader node = in.message();
      while (node.hasMore()) {
        int t = node.tag();
        if (t != (2 << 3 | ProtoReader.LENGTH_DELIMITED)) { // attributes
          node.skip(t & 7);
          continue;
        }
        ProtoReader attribute = node.message();
        String fullName = "";
        String checkpointKey = "";
        while (attribute.hasMore()) {
          int a = attribute.tag();
          if (a == (2 << 3 | ProtoReader.LENGTH_DELIMITED)) {
            fullName = attribute.string();
          } else if (a == (3 << 3 | ProtoReader.LENGTH_DELIMITED)) {
            checkpointKey = attribute.string();
          } else {
            attribute.skip(a & 7);
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
