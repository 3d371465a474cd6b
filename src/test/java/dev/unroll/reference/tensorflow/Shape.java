package dev.unroll.reference.tensorflow;

/** One test shape: input width, units, sequences in the mini-batch and the longest length. */
record Shape(int inputSize, int units, int batch, int maxLength) {

  /** A seed fixed by the shape alone (a record's hashCode is not specified to stay the same). */
  long seed() {
    return ((inputSize * 1009L + units) * 1013L + batch) * 1019L + maxLength;
  }

  @Override
  public String toString() {
    return "input " + inputSize + ", units " + units + ", batch " + batch + ", length <= " + maxLength;
  }
}
