package dev.unroll.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Unrolls seeded synthetic batches of a model's shapes so that the JIT compiles the unroll's code paths
 * (the vector kernels box every vector until C2 has compiled them: a fresh JVM's first batch of an LSTM
 * 32 -> 64 takes seconds, the hundredth about a millisecond) before real batches arrive. Results are
 * thrown away; compiled and interpreted code give the same bits.
 */
public final class Warmup {
  /** The longest synthetic sequence: batches run every live count from the batch size down to one. */
  static final int LONGEST = 16;
  /** At most this many input floats a batch (4 MB), whatever the input width and batch size. */
  static final int MAX_FLOATS = 1 << 20;

  private Warmup() {}

  /** How many sequences a warm-up batch holds for this input width and batch size (at least one). */
  static int sequences(int inputSize, int batchSize) {
    return Math.max(1, Math.min(batchSize, MAX_FLOATS / (LONGEST * Math.max(1, inputSize))));
  }

  /** Unrolls {@code batches} synthetic batches of up to {@code batchSize} sequences on {@code prepared}. */
  public static void run(PreparedModel prepared, int batchSize, int batches) {
    RnnModel model = prepared.model();
    int n = sequences(model.inputSize(), batchSize);
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = LONGEST - (int) ((long) i * LONGEST / n); // longest first, as the job hands them over
    }
    SequenceBatch batch = new SequenceBatch(n, model.inputSize(), lengths, values(n * LONGEST * model.inputSize()));
    List<UnrollTarget.Part> parts = new ArrayList<>();
    int rowWidth = 0;
    for (int s = 0; s < model.slots().size(); s++) {
      parts.add(new UnrollTarget.Part(s, false, rowWidth));
      rowWidth += model.slots().get(s).cell().outputSize();
      parts.add(new UnrollTarget.Part(s, true, rowWidth));
      rowWidth += model.slots().get(s).cell().cellStateSize();
    }
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    float[] states = new float[n * rowWidth];
    UnrollTarget statesOnly = new UnrollTarget(states, rowWidth, rows, parts, null);
    // every other batch keeps the outputs too, the path of --emit mean, max and outputs
    UnrollTarget withOutputs = new UnrollTarget(states, rowWidth, rows, parts,
        new float[Math.toIntExact(batch.totalSteps() * model.outputSize())]);
    Unroller unroller = new Unroller(prepared);
    for (int k = 0; k < batches; k++) {
      unroller.unrollInto(batch, k % 2 == 0 ? statesOnly : withOutputs);
    }
  }

  private static float[] values(int count) {
    SplittableRandom random = new SplittableRandom(1);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }
}
