package dev.unroll.weights;

import static dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter.f32;

import dev.unroll.model.ModelHints;
import dev.unroll.weights.FuzzSeeds.Seed;
import dev.unroll.weights.codec.JsonReader;
import dev.unroll.weights.codec.Snappy;
import dev.unroll.weights.codec.SnappyTest;
import dev.unroll.weights.load.Models;
import dev.unroll.weights.onnx.OnnxProtoParser;
import dev.unroll.weights.tensorflow.Checkpoints;
import dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every loader under fuzzing: valid files of each format, edited by {@link Mutations} (truncated, bits
 * flipped, sizes, counts, offsets and varints set to boundary values), must load or be refused with a
 * {@link WeightsException} naming the file, within {@link FuzzHarness#TIME_LIMIT_MS} and without an
 * allocation out of proportion to the input. {@value #TRIES} cases per format, from a fixed seed so a
 * failure is reproducible (jqwik prints the shrunk case and the seed).
 */
class LoaderFuzzTest {
  static final int TRIES = 10_000;
  static final String SEED = "1130";

  /** What a loader does with the folder: read {@code target} and return something non-null. */
  interface Load {
    Object load(FuzzHarness.MemorySource target) throws IOException;
  }

  /** A seed, the part to edit (an index into its parts, modulo their count) and the edits. */
  record Case(Seed seed, int part, List<Mutations.Edit> edits) {
    Map<String, byte[]> folder() {
      List<String> names = List.copyOf(seed.parts().keySet());
      String name = names.get(part % names.size());
      Map<String, byte[]> parts = new LinkedHashMap<>(seed.parts());
      parts.put(name, Mutations.apply(parts.get(name), edits, seed.fields().getOrDefault(name, List.of())));
      return seed.assemble().apply(parts);
    }
  }

  private static Arbitrary<Case> cases(List<Seed> seeds) {
    return Combinators.combine(Arbitraries.of(seeds), Arbitraries.integers().between(0, 63), Mutations.edits())
        .as(Case::new);
  }

  /** Per property: cases that loaded, cases refused. */
  private static final Map<String, long[]> OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

  private static void check(String format, Case c, Load load) {
    Map<String, byte[]> folder = c.folder();
    long size = folder.values().stream().mapToLong(b -> b.length).sum();
    FuzzHarness.MemorySource target = new FuzzHarness.MemorySource(folder, c.seed().target());
    boolean loaded = FuzzHarness.loadsOrRefuses(() -> load.load(target), size, folder);
    OUTCOMES.computeIfAbsent(format, k -> new long[2])[loaded ? 0 : 1]++;
  }

  /**
   * Every format ran its {@value #TRIES} cases, and a fuzzer whose every case dies at the magic number
   * tests nothing behind it: each must have had edited files that still load (edits in data, or
   * harmless ones) besides many refusals. {@code -Dfuzz.outcomes=1} prints the counts.
   */
  @AfterContainer
  static void everyFormatRanItsCasesAndHadEditsThatLoadedAndEditsThatWereRefused() {
    if (System.getProperty("fuzz.outcomes") != null) {
      OUTCOMES.forEach((p, n) -> System.out.printf("%-24s loaded %6d refused %6d%n", p, n[0], n[1]));
    }
    OUTCOMES.forEach((format, n) -> {
      if (n[0] + n[1] < TRIES || n[0] < TRIES / 100 || n[1] < TRIES / 10) {
        throw new AssertionError(format + ": " + n[0] + " loaded, " + n[1] + " refused, of " + TRIES + " cases");
      }
    });
  }

  private static Object model(FuzzHarness.MemorySource source) throws IOException {
    return Models.load(source, ModelHints.NONE);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void npyArraysLoadOrAreRefused(@ForAll("npy") Case c) {
    check("npy", c, Models::readTensors);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void npzArchivesLoadOrAreRefused(@ForAll("npz") Case c) {
    check("npz", c, LoaderFuzzTest::model);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void npzMembersRezippedWithValidCrcsLoadOrAreRefused(@ForAll("npzMembers") Case c) {
    check("npz members", c, LoaderFuzzTest::model);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void safetensorsLoadOrAreRefused(@ForAll("safetensors") Case c) {
    check("safetensors", c, LoaderFuzzTest::model);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void checkpointIndexAndDataLoadOrAreRefused(@ForAll("checkpoints") Case c) {
    check("tf checkpoint", c, Models::readTensors);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void checkpointEntriesWithValidBlockChecksumsLoadOrAreRefused(@ForAll("checkpointEntries") Case c) {
    check("tf checkpoint entries", c, Models::readTensors);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void onnxModelsLoadOrAreRefused(@ForAll("onnx") Case c) {
    check("onnx", c, LoaderFuzzTest::model);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void onnxTensorProtosDecodeOrAreRefused(@ForAll("onnxTensors") Case c) {
    check("onnx TensorProto", c, s -> OnnxProtoParser.parseTensorFile(s.describe(), s.folder().get(s.name())).toFloats());
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void kerasH5FilesLoadOrAreRefused(@ForAll("kerasH5") Case c) {
    check("keras .h5", c, LoaderFuzzTest::model);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void kerasArchivesLoadOrAreRefused(@ForAll("kerasArchive") Case c) {
    check("keras .keras", c, LoaderFuzzTest::model);
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void jsonHeadersParseOrAreRefused(@ForAll("json") Case c) {
    check("json", c, s -> JsonReader.parse(s.describe(), new String(s.folder().get(s.name()), StandardCharsets.UTF_8)));
  }

  @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void snappyBlocksDecodeOrAreRefused(@ForAll("snappy") Case c) {
    check("snappy", c, s -> {
      byte[] b = s.folder().get(s.name());
      return Snappy.decompress(s.describe(), b, 0, b.length);
    });
  }

  @Provide
  Arbitrary<Case> npy() {
    return cases(FuzzSeeds.npy());
  }

  @Provide
  Arbitrary<Case> npz() {
    return cases(FuzzSeeds.npz());
  }

  @Provide
  Arbitrary<Case> npzMembers() {
    return cases(FuzzSeeds.npzMembers());
  }

  @Provide
  Arbitrary<Case> safetensors() {
    return cases(FuzzSeeds.safetensors());
  }

  @Provide
  Arbitrary<Case> checkpoints() {
    return cases(FuzzSeeds.checkpoints(GeneratedCheckpoints.DIR));
  }

  @Provide
  Arbitrary<Case> checkpointEntries() {
    return cases(FuzzSeeds.checkpointEntries(GeneratedCheckpoints.DIR));
  }

  @Provide
  Arbitrary<Case> onnx() {
    return cases(FuzzSeeds.onnx());
  }

  @Provide
  Arbitrary<Case> onnxTensors() {
    return cases(FuzzSeeds.onnxTensors());
  }

  @Provide
  Arbitrary<Case> kerasH5() {
    return cases(FuzzSeeds.kerasH5());
  }

  @Provide
  Arbitrary<Case> kerasArchive() {
    return cases(FuzzSeeds.kerasArchive());
  }

  /** safetensors headers and the JSON files of .keras archives. */
  @Provide
  Arbitrary<Case> json() {
    List<Seed> seeds = new java.util.ArrayList<>();
    for (Seed s : FuzzSeeds.safetensors()) {
      byte[] file = s.parts().get(s.target());
      int n = (int) java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
      seeds.add(FuzzSeeds.plain(s.label(), "h.json",
          FuzzHarness.files("h.json", java.util.Arrays.copyOfRange(file, 8, 8 + n)), Map.of()));
    }
    for (Seed s : FuzzSeeds.kerasArchive()) {
      s.parts().forEach((name, bytes) -> {
        if (name.endsWith(".json")) {
          seeds.add(FuzzSeeds.plain(s.label() + " " + name, "h.json", FuzzHarness.files("h.json", bytes), Map.of()));
        }
      });
    }
    return cases(seeds);
  }

  /** Hand-assembled raw Snappy blocks with every element kind (as in SnappyTest). */
  @Provide
  Arbitrary<Case> snappy() {
    byte[] literalAndCopies = {12, 3 << 2, 'a', 'b', 'c', 'd', 1 | (4 << 2), 4};
    byte[] twoAndFourByteCopies = {8, 2 << 2, 'x', 'y', 'z', 2 | (2 << 2), 3, 0, 3 | (1 << 2), 5, 0, 0, 0};
    byte[] longLiteral = new byte[103];
    longLiteral[0] = 100;
    longLiteral[1] = (byte) (60 << 2);
    longLiteral[2] = 99;
    return cases(List.of(
        FuzzSeeds.plain("literal and copy", "b", FuzzHarness.files("b", literalAndCopies), Map.of()),
        FuzzSeeds.plain("two- and four-byte copies", "b", FuzzHarness.files("b", twoAndFourByteCopies), Map.of()),
        FuzzSeeds.plain("long literal", "b", FuzzHarness.files("b", longLiteral), Map.of())));
  }

  /** Checkpoints written once per run by TensorFlow's SaveV2: an LSTM the loader builds, and a sharded one. */
  private static final class GeneratedCheckpoints {
    static final Path DIR = write();

    private static Path write() {
      try {
        Path dir = Files.createTempDirectory("loader-fuzz-checkpoints");
        dir.toFile().deleteOnExit();
        Tensor kernel = TestArrays.random(new java.util.Random(1), "rnn/basic_lstm_cell/kernel", 3 + 2, 8);
        Tensor bias = TestArrays.random(new java.util.Random(2), "rnn/basic_lstm_cell/bias", 8);
        TensorFlowCheckpointWriter.save(dir.resolve("lstm.ckpt"), List.of(f32(kernel), f32(bias)),
            List.of(new TensorFlowCheckpointWriter.Strings("note", "a", "bc")));
        TensorFlowCheckpointWriter.save(dir.resolve("mixed.ckpt"),
            List.of(new TensorFlowCheckpointWriter.Item(kernel, "float16"),
                new TensorFlowCheckpointWriter.Item(bias, "bfloat16")), List.of());
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
