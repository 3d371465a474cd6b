package dev.unroll.model;

/**
 * A mini-batch of sequences read in place: sequence {@code i} is {@code lengths[i] × inputSize} row-major
 * floats at {@code values[starts[i] * inputSize ..]}. The sequences may sit anywhere in {@code values}, in
 * any order, so a caller holding many sequences in one buffer hands a batch of them over by offsets,
 * without copying a float. The arrays may be longer than {@code count} needs, so they can be reused
 * across batches.
 *
 * @param starts where each sequence starts in {@code values}, in steps
 */
public record SequenceBatch(int count, int inputSize, int[] lengths, int[] starts, float[] values) {

  public SequenceBatch {
    if (count < 0 || count > lengths.length || count > starts.length) {
      throw new IllegalArgumentException(
          "count " + count + " with " + lengths.length + " lengths and " + starts.length + " starts");
    }
    for (int i = 0; i < count; i++) {
      if (lengths[i] < 0) {
        throw new IllegalArgumentException("sequence " + i + " has negative length " + lengths[i]);
      }
      long end = ((long) starts[i] + lengths[i]) * inputSize;
      if (starts[i] < 0 || end > values.length) {
        throw new IllegalArgumentException(
            "sequence " + i + " spans steps " + starts[i] + ".." + (starts[i] + lengths[i]) + " of "
                + inputSize + " but values hold only " + values.length + " floats");
      }
    }
  }

  /** Sequences one after another from the start of {@code values}. */
  public SequenceBatch(int count, int inputSize, int[] lengths, float[] values) {
    this(count, inputSize, lengths, consecutive(count, lengths), values);
  }

  /** A batch of whole arrays: {@code sequences[i]} is {@code lengths[i] × inputSize}. */
  public static SequenceBatch of(int inputSize, float[][] sequences) {
    int[] lengths = new int[sequences.length];
    int total = 0;
    for (int i = 0; i < sequences.length; i++) {
      if (sequences[i].length % inputSize != 0) {
        throw new IllegalArgumentException(
            "sequence " + i + " holds " + sequences[i].length + " floats, not a multiple of input size "
                + inputSize);
      }
      lengths[i] = sequences[i].length / inputSize;
      total += sequences[i].length;
    }
    float[] values = new float[total];
    int at = 0;
    for (float[] s : sequences) {
      System.arraycopy(s, 0, values, at, s.length);
      at += s.length;
    }
    return new SequenceBatch(sequences.length, inputSize, lengths, values);
  }

  public long totalSteps() {
    long steps = 0;
    for (int i = 0; i < count; i++) {
      steps += lengths[i];
    }
    return steps;
  }

  /** The starts of {@code count} sequences stored one after another. */
  static int[] consecutive(int count, int[] lengths) {
    if (count < 0 || count > lengths.length) {
      throw new IllegalArgumentException("count " + count + " with " + lengths.length + " lengths");
    }
    int[] starts = new int[count];
    int at = 0;
    for (int i = 0; i < count; i++) {
      starts[i] = at;
      at += lengths[i];
    }
    return starts;
  }
}
