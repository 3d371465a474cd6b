package dev.unroll.reference.tensorflow;

/** One test shape: input width, units, sequences in the mini-batch and the longest length. */
record Shape(int inputSize, int units, int batch, int maxLength) {
  @Override
  public String toString() {
    return "input " + inputSize + ", units " + units + ", batch " + batch + ", length <= " + maxLength;
  }
}
