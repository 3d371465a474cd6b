package dev.unroll.model;

/**
 * A mini-batch of sequences: {@code values} holds sequence after sequence, each
 * {@code lengths[i] × inputSize} row-major. The arrays may be longer than {@code count} needs, so one
 * buffer can be reused across batches.
 */
public record SequenceBatch(int count, int inputSize, int[] lengths, float[] values) {

  public SequenceBatch {
    if (count < 0 || count > lengths.length) {
      throw new IllegalArgumentException("count " + count + " with " + lengths.length + " lengths");
    }
    long steps = 0;
    for (int i = 0; i < count; i++) {
      if (lengths[i] < 0) {
        throw new IllegalArgumentException("sequence " + i + " has negative length " + lengths[i]);
      }
      steps += lengths[i];
    }
    if (steps * inputSize > values.length) {
      throw new IllegalArgumentException(
          "lengths add up to " + steps + " steps of " + inputSize + " but values hold only "
              + values.length + " floats");
    }
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
}
