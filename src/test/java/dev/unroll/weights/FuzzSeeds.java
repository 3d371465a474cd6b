package dev.unroll.weights;

import dev.unroll.weights.codec.MaskedCrc32c;
import dev.unroll.weights.codec.ZipArchive;
import dev.unroll.weights.tensorflow.TableReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Valid files of every format the loaders read, as the fuzzer's starting points: the fixtures written
 * by NumPy, safetensors, PyTorch, Keras and TensorFlow, and checkpoints written by TensorFlow's own
 * SaveV2. Some seeds are the parts of a container (the members of a ZIP, the entries of a checkpoint
 * index) that {@link Seed#assemble} packs after mutation, with valid CRCs, so edits reach the parsers
 * behind the checksums.
 */
final class FuzzSeeds {
  static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");
  static final Path TESTDATA = Path.of("src", "test", "resources", "testdata");

  private FuzzSeeds() {}

  /**
   * @param parts the files an edit may change, by name
   * @param assemble turns the (edited) parts into the folder the loader reads
   * @param target the file in that folder the loader is pointed at
   * @param fields each part's known integer fields
   */
  record Seed(String label, Map<String, byte[]> parts, UnaryOperator<Map<String, byte[]>> assemble, String target,
      Map<String, List<Mutations.Field>> fields) {

    @Override
    public String toString() {
      return label;
    }
  }

  static Seed plain(String label, String target, Map<String, byte[]> files, Map<String, List<Mutations.Field>> fields) {
    return new Seed(label, files, UnaryOperator.identity(), target, fields);
  }

  static List<Seed> npy() {
    return list(FIXTURES.resolve("npz"), ".npy").stream()
        .map(p -> plain(p.getFileName().toString(), "a.npy", FuzzHarness.files("a.npy", read(p)),
            Map.of("a.npy", List.of(new Mutations.Field(6, 1), new Mutations.Field(8, 2), new Mutations.Field(8, 4)))))
        .toList();
  }

  static List<Seed> npz() {
    List<Seed> seeds = new ArrayList<>();
    for (Path p : npzFiles()) {
      byte[] zip = read(p);
      seeds.add(plain(p.getFileName().toString(), "a.npz", FuzzHarness.files("a.npz", zip),
          Map.of("a.npz", Mutations.zipFields(zip))));
    }
    return seeds;
  }

  /** The members of each npz, edited one by one and zipped again (stored and deflated) with valid CRCs. */
  static List<Seed> npzMembers() {
    List<Seed> seeds = new ArrayList<>();
    for (Path p : npzFiles()) {
      Map<String, byte[]> members = members(p.toString(), read(p));
      for (boolean deflate : new boolean[] {false, true}) {
        seeds.add(new Seed(p.getFileName() + (deflate ? " deflated" : " stored"), members,
            m -> FuzzHarness.files("a.npz", TestArrays.zip(m, deflate)), "a.npz", Map.of()));
      }
    }
    return seeds;
  }

  static List<Seed> safetensors() {
    List<Path> files = new ArrayList<>(list(FIXTURES.resolve("safetensors"), ".safetensors"));
    files.addAll(list(FIXTURES.resolve("torch"), ".safetensors"));
    return files.stream().map(p -> plain(p.getFileName().toString(), "a.safetensors",
        FuzzHarness.files("a.safetensors", read(p)), Map.of("a.safetensors", List.of(new Mutations.Field(0, 8)))))
        .toList();
  }

  static List<Seed> onnx() {
    List<Seed> seeds = new ArrayList<>();
    for (Path p : list(FIXTURES.resolve("torch"), ".onnx")) {
      String name = p.getFileName().toString();
      Map<String, byte[]> files = FuzzHarness.files(name, read(p));
      Path data = p.resolveSibling(name + ".data");
      if (Files.exists(data)) {
        files.put(name + ".data", read(data));
      }
      seeds.add(plain(name, name, files, Map.of()));
    }
    return seeds;
  }

  /** ONNX's serialized TensorProto files (the node tests' inputs and outputs). */
  static List<Seed> onnxTensors() {
    try (Stream<Path> walk = Files.walk(TESTDATA.resolve("onnx-node-tests"))) {
      return walk.filter(p -> p.toString().endsWith(".pb")).sorted()
          .map(p -> plain(TESTDATA.relativize(p).toString(), "t.pb", FuzzHarness.files("t.pb", read(p)), Map.of()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Seed> kerasH5() {
    return list(FIXTURES.resolve("keras"), ".h5").stream().map(p -> plain(p.getFileName().toString(), "m.h5",
        FuzzHarness.files("m.h5", read(p)), Map.of())).toList();
  }

  static List<Seed> kerasArchive() {
    List<Seed> seeds = new ArrayList<>();
    for (Path p : list(FIXTURES.resolve("keras"), ".keras")) {
      byte[] zip = read(p);
      seeds.add(plain(p.getFileName().toString(), "m.keras", FuzzHarness.files("m.keras", zip),
          Map.of("m.keras", Mutations.zipFields(zip))));
      seeds.add(new Seed(p.getFileName() + " entries", members(p.toString(), zip),
          m -> FuzzHarness.files("m.keras", TestArrays.zip(m, true)), "m.keras", Map.of()));
    }
    return seeds;
  }

  /** TensorFlow checkpoints: the index and data shard as written. */
  static List<Seed> checkpoints(Path generated) {
    List<Seed> seeds = new ArrayList<>();
    for (Path index : checkpointIndexes(generated)) {
      seeds.add(plain(index.toString(), "v.index", checkpointFiles(index), Map.of()));
    }
    return seeds;
  }

  /**
   * The index table's entries (header and bundle entries, by key) and the data shard, edited and then
   * written as a fresh table with valid block checksums, so edits reach the bundle entry decoder.
   */
  static List<Seed> checkpointEntries(Path generated) {
    List<Seed> seeds = new ArrayList<>();
    for (Path index : checkpointIndexes(generated)) {
      Map<String, byte[]> files = checkpointFiles(index);
      Map<String, byte[]> parts = new LinkedHashMap<>();
      try {
        for (TableReader.Entry e : TableReader.read(index.toString(), files.get("v.index"))) {
          parts.put("key:" + e.keyString(), e.value());
        }
      } catch (WeightsException e) {
        throw new IllegalStateException(e);
      }
      files.forEach((name, bytes) -> {
        if (!name.equals("v.index")) {
          parts.put(name, bytes);
        }
      });
      seeds.add(new Seed(index + " entries", parts, FuzzSeeds::writeCheckpoint, "v.index", Map.of()));
    }
    return seeds;
  }

  private static Map<String, byte[]> checkpointFiles(Path index) {
    String prefix = index.getFileName().toString().replaceFirst("\\.index$", "");
    Map<String, byte[]> files = FuzzHarness.files("v.index", read(index));
    for (Path p : list(index.getParent(), "")) {
      String name = p.getFileName().toString();
      if (name.startsWith(prefix + ".data-")) {
        files.put("v" + name.substring(prefix.length()), read(p));
      }
    }
    return files;
  }

  private static List<Path> checkpointIndexes(Path generated) {
    List<Path> out = new ArrayList<>();
    for (Path dir : list(TESTDATA.resolve("tf-checkpoints"), "")) {
      if (Files.isDirectory(dir)) {
        out.add(dir.resolve("variables.index"));
      }
    }
    out.addAll(list(generated, ".index"));
    return out;
  }

  /** A one-data-block table of {@code key:*} parts, as TensorFlow's table writer lays it out, plus the other files. */
  private static Map<String, byte[]> writeCheckpoint(Map<String, byte[]> parts) {
    TreeMap<String, byte[]> entries = new TreeMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    parts.forEach((name, bytes) -> {
      if (name.startsWith("key:")) {
        entries.put(name.substring(4), bytes);
      } else {
        files.put(name, bytes);
      }
    });
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
      block.writeBytes(Mutations.varint(0));
      block.writeBytes(Mutations.varint(key.length));
      block.writeBytes(Mutations.varint(e.getValue().length));
      block.writeBytes(key);
      block.writeBytes(e.getValue());
    }
    block.writeBytes(le(4, 0)); // one restart point, at 0
    block.writeBytes(le(4, 1));
    long dataSize = writeBlock(table, block.toByteArray());
    ByteArrayOutputStream index = new ByteArrayOutputStream();
    byte[] lastKey = entries.isEmpty() ? new byte[0] : entries.lastKey().getBytes(StandardCharsets.UTF_8);
    byte[] handle = concat(Mutations.varint(0), Mutations.varint(dataSize));
    index.writeBytes(Mutations.varint(0));
    index.writeBytes(Mutations.varint(lastKey.length));
    index.writeBytes(Mutations.varint(handle.length));
    index.writeBytes(lastKey);
    index.writeBytes(handle);
    index.writeBytes(le(4, 0));
    index.writeBytes(le(4, 1));
    long metaOffset = table.size();
    long metaSize = writeBlock(table, concat(le(4, 0), le(4, 0))); // empty metaindex: no entries, no restarts
    long indexOffset = table.size();
    long indexSize = writeBlock(table, index.toByteArray());
    byte[] footer = new byte[48];
    byte[] handles = concat(concat(Mutations.varint(metaOffset), Mutations.varint(metaSize)),
        concat(Mutations.varint(indexOffset), Mutations.varint(indexSize)));
    System.arraycopy(handles, 0, footer, 0, handles.length);
    ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).putLong(40, TableReader.MAGIC);
    table.writeBytes(footer);
    Map<String, byte[]> out = FuzzHarness.files("v.index", table.toByteArray());
    out.putAll(files);
    return out;
  }

  /** Appends {@code contents}, an uncompressed type byte and their masked CRC32C; returns the contents' size. */
  private static long writeBlock(ByteArrayOutputStream out, byte[] contents) {
    byte[] typed = concat(contents, new byte[] {0});
    out.writeBytes(typed);
    out.writeBytes(le(4, MaskedCrc32c.mask(MaskedCrc32c.crc(typed, 0, typed.length))));
    return contents.length;
  }

  private static List<Path> npzFiles() {
    List<Path> files = new ArrayList<>(list(FIXTURES.resolve("npz"), ".npz"));
    files.addAll(list(FIXTURES.resolve("torch"), ".state_dict.npz"));
    return files;
  }

  private static Map<String, byte[]> members(String where, byte[] zip) {
    Map<String, byte[]> members = new LinkedHashMap<>();
    try {
      ZipArchive archive = new ZipArchive(where, zip);
      for (ZipArchive.Member m : archive.members()) {
        members.put(m.name(), archive.read(m));
      }
    } catch (WeightsException e) {
      throw new IllegalStateException(e);
    }
    return members;
  }

  private static byte[] le(int width, long v) {
    byte[] b = new byte[width];
    for (int i = 0; i < width; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
