package dev.unroll.cluster;

import dev.unroll.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * An output as a reader sees it: how many rows it holds, and the bits of {@code h} then {@code c} for
 * each id, so two outputs compare exactly, per id.
 */
record ScoredOutput(long rows, Map<Long, List<Integer>> bitsById) {

  static ScoredOutput read(Path path) {
    List<Row> rows = SharedSpark.session().read().parquet(path.toString()).select("id", "h", "c").collectAsList();
    Map<Long, List<Integer>> bits = new HashMap<>();
    for (Row row : rows) {
      List<Integer> v = new ArrayList<>();
      for (String column : List.of("h", "c")) {
        for (Object f : row.getList(row.fieldIndex(column))) {
          v.add(Float.floatToRawIntBits((Float) f));
        }
      }
      bits.put(row.getLong(0), v);
    }
    return new ScoredOutput(rows.size(), bits);
  }

  /** Ids whose states differ from {@code expected} in any bit, or that one side lacks. */
  List<Long> differingIds(ScoredOutput expected) {
    List<Long> differing = new ArrayList<>();
    for (Map.Entry<Long, List<Integer>> e : expected.bitsById().entrySet()) {
      if (!e.getValue().equals(bitsById.get(e.getKey()))) {
        differing.add(e.getKey());
      }
    }
    bitsById.keySet().stream().filter(id -> !expected.bitsById().containsKey(id)).forEach(differing::add);
    return differing;
  }
}
