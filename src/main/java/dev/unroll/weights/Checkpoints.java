package dev.unroll.weights;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TensorFlow checkpoints in the tensor-bundle V2 format ({@code tf.train.Saver}, {@code tf.train.Checkpoint},
 * a SavedModel's {@code variables/}): the {@code .index} table, then each tensor read from its
 * {@code .data-NNNNN-of-MMMMM} shard at its entry's offset, its crc32c checked.
 *
 * <p>Tensor names: a TF v1 key as it is; a TF2 key ({@code <path>/.ATTRIBUTES/VARIABLE_VALUE}) becomes
 * the variable's graph name from the object graph ({@code full_name}) where recorded, else its path.
 * So both feed the same name-based inference.
 */
final class Checkpoints {
  static final String FORMAT = "tf-checkpoint";
  private static final String ATTRIBUTE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";

  private Checkpoints() {}

  static TensorFile read(WeightSource source) throws IOException {
    WeightSource index = CheckpointLocation.indexFile(source);
    String where = index.describe();
    byte[] bytes = SourceBytes.readAll(index);
    List<TableReader.Entry> entries = TableReader.read(where, bytes);
    if (entries.isEmpty() || entries.get(0).key().length != 0) {
      throw new WeightsException(where + ": the checkpoint index has no header entry (empty key)");
    }
    BundleEntry.Header header = BundleEntry.parseHeader(where, entries.get(0).value());
    String prefix = index.fileName().substring(0, index.fileName().length() - ".index".length());
    Shards shards = new Shards(index, prefix, header.numShards());

    List<BundleEntry> numeric = new ArrayList<>();
    List<String> other = new ArrayList<>();
    Map<String, String> fullNames = Map.of();
    for (TableReader.Entry e : entries.subList(1, entries.size())) {
      BundleEntry entry = BundleEntry.parse(where, e.keyString(), e.value());
      if (entry.partitioned()) {
        throw new WeightsException(where + ": variable '" + entry.key()
            + "' is partitioned (saved in slices); partitioned variables are not supported");
      }
      if (entry.dtype() == BundleEntry.DT_STRING) {
        List<byte[]> strings = BundleData.strings(where, entry, shards.read(entry));
        if (entry.key().equals(ObjectGraph.KEY) && strings.size() == 1) {
          fullNames = ObjectGraph.fullNames(where, strings.get(0));
        }
        other.add(entry.describe());
      } else if (entry.elementSize() < 0) {
        other.add(entry.describe()); // resource, variant, complex: never RNN weights
      } else {
        numeric.add(entry);
      }
    }
    List<Tensor> tensors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (BundleEntry entry : numeric) {
      long count = Tensor.elementCount(entry.shape());
      if (count < 0 || count > Integer.MAX_VALUE - 8 || entry.size() != count * entry.elementSize()) {
        throw new WeightsException(where + ": tensor '" + entry.key() + "' " + entry.dtypeName() + " "
            + Tensor.shapeString(entry.shape()) + " should take " + (count < 0 ? "?" : count * entry.elementSize())
            + " bytes, the index says " + entry.size());
      }
      byte[] data = shards.read(entry);
      String name = variableName(entry.key(), fullNames);
      if (!names.add(name)) {
        name = entry.key();
        names.add(name);
      }
      tensors.add(new Tensor(name, entry.dtypeName(), entry.shape(), BundleData.numeric(entry, data, header.bigEndian())));
    }
    // the checksum covers the data shards too: a changed weight changes it, not only a changed index
    return new TensorFile(where, FORMAT, SourceBytes.sha256(bytes, shards.all()), new NamedTensors(where, tensors),
        other);
  }

  private static String variableName(String key, Map<String, String> fullNames) {
    String fullName = fullNames.get(key);
    if (fullName != null) {
      return fullName;
    }
    return key.endsWith(ATTRIBUTE_SUFFIX) ? key.substring(0, key.length() - ATTRIBUTE_SUFFIX.length()) : key;
  }

  /** The {@code .data-*} files, their sizes looked up once; every read is checked and crc-verified. */
  private static final class Shards {
    private final WeightSource index;
    private final String prefix;
    private final int count;
    private final Map<Integer, WeightSource> files = new HashMap<>();
    private final Map<Integer, Long> sizes = new HashMap<>();

    Shards(WeightSource index, String prefix, int count) {
      this.index = index;
      this.prefix = prefix;
      this.count = count;
    }

    /** Every shard the header declares, in order; each must exist. */
    List<WeightSource> all() throws IOException {
      List<WeightSource> all = new ArrayList<>();
      for (int shard = 0; shard < count; shard++) {
        all.add(file(shard));
      }
      return all;
    }

    private WeightSource file(int shard) throws IOException {
      WeightSource file = files.get(shard);
      if (file == null) {
        file = index.sibling(String.format("%s.data-%05d-of-%05d", prefix, shard, count));
        if (!file.exists()) {
          throw new WeightsException(index.describe() + ": data shard " + file.describe() + " does not exist");
        }
        files.put(shard, file);
        sizes.put(shard, file.size());
      }
      return file;
    }

    byte[] read(BundleEntry e) throws IOException {
      if (e.shardId() >= count) {
        throw new WeightsException(index.describe() + ": tensor '" + e.key() + "' is in shard " + e.shardId()
            + " but the header declares " + count + " shards");
      }
      WeightSource file = file(e.shardId());
      long size = sizes.get(e.shardId());
      if (e.offset() > size || e.size() > size - e.offset()) {
        throw new WeightsException(file.describe() + ": tensor '" + e.key() + "' declares bytes [" + e.offset()
            + ", " + (e.offset() + e.size()) + ") but the shard has " + size + " bytes");
      }
      byte[] bytes = SourceBytes.readRange(file, e.offset(), e.size(), size);
      if (e.dtype() != BundleEntry.DT_STRING) { // a string tensor's crc covers its lengths as uint32s
        BundleData.checkCrc(file.describe(), e, bytes);
      }
      return bytes;
    }
  }

}
