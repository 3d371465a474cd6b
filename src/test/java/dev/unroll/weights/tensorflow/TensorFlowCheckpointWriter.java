package dev.unroll.weights.tensorflow;

import dev.unroll.weights.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TType;

/**
 * Writes checkpoints with TensorFlow's own SaveV2 (and MergeV2Checkpoints for a sharded one), through
 * TensorFlow Java: the same kernels {@code tf.train.Saver} runs.
 */
public final class TensorFlowCheckpointWriter {
  /** A tensor to save, and the dtype TensorFlow should store it as (cast from float32 in the graph). */
  public record Item(Tensor tensor, String dtype) {}

  /** A string tensor to save. */
  public record Strings(String name, String... values) {}

  private TensorFlowCheckpointWriter() {}

  public static Item f32(Tensor t) {
    return new Item(t, "float32");
  }

  /** One SaveV2 writing {@code prefix.index} and {@code prefix.data-00000-of-00001}. */
  public static void save(Path prefix, List<Item> items, List<Strings> strings) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      s.run(saveOp(tf, prefix.toString(), items, strings));
    }
  }

  /**
   * A sharded checkpoint: each group saved by its own SaveV2 under a temporary prefix, then merged by
   * MergeV2Checkpoints into {@code prefix} with {@code groups.size()} data shards.
   */
  static void saveSharded(Path prefix, List<List<Item>> groups) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        String part = prefix + "_temp/part-" + i;
        parts.add(part);
        s.run(saveOp(tf, part, groups.get(i), List.of()));
      }
      s.run(tf.train.mergeV2Checkpoints(
          tf.constant(NdArrays.vectorOfObjects(parts.toArray(new String[0]))), tf.constant(prefix.toString())));
    }
  }

  /**
   * The {@code tf.train.Saver} path: float32 variables named by scope ({@code rnn/lstm_cell/kernel}),
   * initialised from constants, saved by {@code Session.save}, which runs the graph's own saver.
   */
  static void saveVariables(Path prefix, List<Tensor> tensors) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // one Ops per scope path: asking twice for a sub-scope gives a fresh, uniquified one (rnn_1)
      java.util.Map<String, Ops> scopes = new java.util.HashMap<>();
      for (Tensor t : tensors) {
        String[] parts = t.name().split("/");
        Ops scoped = tf;
        String path = "";
        for (int i = 0; i < parts.length - 1; i++) {
          Ops parent = scoped;
          String part = parts[i];
          path = path + "/" + part;
          scoped = scopes.computeIfAbsent(path, p -> parent.withSubScope(part));
        }
        scoped.withName(parts[parts.length - 1])
            .variable(tf.constant(Shape.of(t.shape()), DataBuffers.of(t.values())));
      }
      s.initialize();
      s.save(prefix.toString());
    }
  }

  private static org.tensorflow.op.Op saveOp(Ops tf, String prefix, List<Item> items, List<Strings> strings) {
    List<String> names = new ArrayList<>();
    List<Operand<?>> values = new ArrayList<>();
    for (Item item : items) {
      Tensor t = item.tensor();
      Operand<? extends TType> v = tf.constant(Shape.of(t.shape()), DataBuffers.of(t.values()));
      v = switch (item.dtype()) {
        case "float32" -> v;
        case "float64" -> tf.dtypes.cast(v, TFloat64.class);
        case "float16" -> tf.dtypes.cast(v, TFloat16.class);
        case "bfloat16" -> tf.dtypes.cast(v, TBfloat16.class);
        default -> throw new IllegalArgumentException(item.dtype());
      };
      names.add(t.name());
      values.add(v);
    }
    for (Strings st : strings) {
      names.add(st.name());
      values.add(tf.constant(NdArrays.vectorOfObjects(st.values())));
    }
    String[] slices = new String[names.size()];
    java.util.Arrays.fill(slices, "");
    return tf.train.save(tf.constant(prefix), tf.constant(NdArrays.vectorOfObjects(names.toArray(new String[0]))),
        tf.constant(NdArrays.vectorOfObjects(slices)), values);
  }
}
