package dev.unroll.weights;

import static dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter.f32;

import dev.unroll.model.ModelHints;
import dev.unroll.weights.FuzzSeeds.Seed;
import dev.unroll.weights.codec.JsonReader;
import dev.unroll.weights.codec.Snappy;
import dev.unroll.weights.load.Models;
import dev.unroll.weights.onnx.OnnxProtoParser;
import dev.unroll.weights.tensorflow.TensorFlowCheckpointWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loader under fuzzing: valid files of each format, edited by {@link Mutations} (truncated, bits
 * flipped, runs inserted, deleted and repeated, sizes, counts, offsets and varints set to boundary
 * values, containers re-packed with valid CRCs), must load or be refused with a {@link WeightsException}
 * naming the file, within {@link FuzzHarness#TIME_LIMIT_MS} and without an allocation out of proportion
 * to the input. {@value #CASES} cases per format.
 *
 * <p>Case {@code i} of a run with seed {@code s} (default {@value #DEFAULT_SEED}) is drawn from its own
 * {@code new SplittableRandom(s << 32 | i)}: the seed file, the part of it to edit and the edits, so the
 * format, the case index and the seed alone reproduce its bytes, whatever ran before it. A failure names
 * all three; replay that one case of every format with
 * {@code mvn -B -q test -Dtest=LoaderFuzzTest -Dfuzz.seed=1130 -Dfuzz.case=4711}. {@code -Dfuzz.outcomes=1}
 * prints how many cases of each format loaded and how many were refused.
 */
class LoaderFuzzTest {
  static final int CASES = 10_000;
  static final long DEFAULT_SEED = 1130;
  private static final long SEED = Long.getLong("fuzz.seed", DEFAULT_SEED);
  /** When set, only this case of each format runs: the replay of a reported failure. */
  private static final Integer REPLAY = Integer.getInteger("fuzz.case");

  /** Per format: cases that loaded, cases refused. */
  private static final Map<String, long[]> OUTCOMES = new ConcurrentHashMap<>();

  /** What a loader does with the folder: read {@code target} and return something non-null. */
  interface Load {
    Object load(FuzzHarness.MemorySource target) throws IOException;
  }

  /** A format under fuzzing: its valid seeds (built when its test runs) and the loader that reads them. */
  record Format(String name, Supplier<List<Seed>> seeds, Load load) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A seed, the part to edit (an index into its parts, modulo their count) and the edits. */
  record Case(Seed seed, int part, List<Mutations.Edit> edits) {
    static Case draw(List<Seed> seeds, long seed, int index) {
      SplittableRandom random = new SplittableRandom(seed << 32 | index);
      return new Case(seeds.get(random.nextInt(seeds.size())), random.nextInt(64), Mutations.edits(random));
    }

    String partName() {
      List<String> names = List.copyOf(seed.parts().keySet());
      return names.get(part % names.size());
    }

    Map<String, byte[]> folder() {
      Map<String, byte[]> parts = new LinkedHashMap<>(seed.parts());
      String name = partName();
      parts.put(name, Mutations.apply(parts.get(name), edits, seed.fields().getOrDefault(name, List.of())));
      return seed.assemble().apply(parts);
    }
  }

  static Stream<Format> formats() {
    return Stream.of(
        new Format("npy", FuzzSeeds::npy, Models::readTensors),
        new Format("npz", FuzzSeeds::npz, LoaderFuzzTest::model),
        new Format("npz members rezipped with valid CRCs", FuzzSeeds::npzMembers, LoaderFuzzTest::model),
        new Format("safetensors", FuzzSeeds::safetensors, LoaderFuzzTest::model),
        new Format("tf checkpoint index and data", () -> FuzzSeeds.checkpoints(GeneratedCheckpoints.DIR),
            Models::readTensors),
        new Format("tf checkpoint entries with valid block checksums",
            () -> FuzzSeeds.checkpointEntries(GeneratedCheckpoints.DIR), Models::readTensors),
        new Format("onnx", FuzzSeeds::onnx, LoaderFuzzTest::model),
        new Format("onnx TensorProto", FuzzSeeds::onnxTensors,
            s -> OnnxProtoParser.parseTensorFile(s.describe(), s.folder().get(s.name())).toFloats()),
        new Format("keras .h5", FuzzSeeds::kerasH5, LoaderFuzzTest::model),
        new Format("keras .keras", FuzzSeeds::kerasArchive, LoaderFuzzTest::model),
        new Format("json", LoaderFuzzTest::jsonSeeds,
            s -> JsonReader.parse(s.describe(), new String(s.folder().get(s.name()), StandardCharsets.UTF_8))),
        new Format("snappy", LoaderFuzzTest::snappySeeds, s -> {
          byte[] b = s.folder().get(s.name());
          return Snappy.decompress(s.describe(), b, 0, b.length);
        }));
  }

  /**
   * Every case loads or is refused properly; and a fuzzer whose every case dies at the magic number
   * tests nothing behind it, so each format must have run all its cases, with edited files that still
   * load (edits in data, or harmless ones) besides many refusals.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void mutatedFilesLoadOrAreRefusedNamingTheFile(Format format) {
    List<Seed> seeds = format.seeds().get();
    int first = REPLAY == null ? 0 : REPLAY;
    int end = REPLAY == null ? CASES : REPLAY + 1;
    long[] n = new long[2];
    for (int i = first; i < end; i++) {
      Case c = Case.draw(seeds, SEED, i);
      try {
        n[check(c, format.load()) ? 0 : 1]++;
      } catch (AssertionError e) {
        throw new AssertionError(format + " case " + i + " of seed " + SEED + " (replay with -Dfuzz.seed=" + SEED
            + " -Dfuzz.case=" + i + "; seed file " + c.seed().label() + ", part " + c.partName() + ", edits "
            + c.edits() + "): " + e.getMessage(), e);
      }
    }
    OUTCOMES.put(format.name(), n);
    if (REPLAY == null && (n[0] + n[1] < CASES || n[0] < CASES / 100 || n[1] < CASES / 10)) {
      throw new AssertionError(format + ": " + n[0] + " loaded, " + n[1] + " refused, of " + CASES + " cases");
    }
  }

  @AfterAll
  static void printOutcomesWhenAsked() {
    if (System.getProperty("fuzz.outcomes") != null) {
      OUTCOMES.forEach((p, n) -> System.out.printf("%-48s loaded %6d refused %6d%n", p, n[0], n[1]));
    }
  }

  /** @return whether the case loaded (it was refused properly otherwise) */
  private static boolean check(Case c, Load load) {
    Map<String, byte[]> folder = c.folder();
    long size = folder.values().stream().mapToLong(b -> b.length).sum();
    FuzzHarness.MemorySource target = new FuzzHarness.MemorySource(folder, c.seed().target());
    return FuzzHarness.loadsOrRefuses(() -> load.load(target), size, folder);
  }

  private static Object model(FuzzHarness.MemorySource source) throws IOException {
    return Models.load(source, ModelHints.NONE);
  }

  /** safetensors headers and the JSON files of .keras archives. */
  private static List<Seed> jsonSeeds() {
    List<Seed> seeds = new ArrayList<>();
    for (Seed s : FuzzSeeds.safetensors()) {
      byte[] file = s.parts().get(s.target());
      int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      seeds.add(FuzzSeeds.plain(s.label(), "h.json", FuzzHarness.files("h.json", Arrays.copyOfRange(file, 8, 8 + n)),
          Map.of()));
    }
    for (Seed s : FuzzSeeds.kerasArchive()) {
      s.parts().forEach((name, bytes) -> {
        if (name.endsWith(".json")) {
          seeds.add(FuzzSeeds.plain(s.label() + " " + name, "h.json", FuzzHarness.files("h.json", bytes), Map.of()));
        }
      });
    }
    return seeds;
  }

  /** Hand-assembled raw Snappy blocks with every element kind (as in SnappyTest). */
  private static List<Seed> snappySeeds() {
    byte[] literalAndCopies = {12, 3 << 2, 'a', 'b', 'c', 'd', 1 | (4 << 2), 4};
    byte[] twoAndFourByteCopies = {8, 2 << 2, 'x', 'y', 'z', 2 | (2 << 2), 3, 0, 3 | (1 << 2), 5, 0, 0, 0};
    byte[] longLiteral = new byte[103];
    longLiteral[0] = 100;
    longLiteral[1] = (byte) (60 << 2);
    longLiteral[2] = 99;
    return List.of(
        FuzzSeeds.plain("literal and copy", "b", FuzzHarness.files("b", literalAndCopies), Map.of()),
        FuzzSeeds.plain("two- and four-byte copies", "b", FuzzHarness.files("b", twoAndFourByteCopies), Map.of()),
        FuzzSeeds.plain("long literal", "b", FuzzHarness.files("b", longLiteral), Map.of()));
  }

  /** Checkpoints written once per run by TensorFlow's SaveV2: an LSTM the loader builds, and a sharded one. */
  private static final class GeneratedCheckpoints {
    static final Path DIR = write();

    private static Path write() {
      try {
        Path dir = Files.createTempDirectory("loader-fuzz-checkpoints");
        dir.toFile().deleteOnExit();
        Tensor kernel = TestArrays.random(new Random(1), "rnn/basic_lstm_cell/kernel", 3 + 2, 8);
        Tensor bias = TestArrays.random(new Random(2), "rnn/basic_lstm_cell/bias", 8);
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
