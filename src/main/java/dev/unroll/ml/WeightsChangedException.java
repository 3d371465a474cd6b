package dev.unroll.ml;

/** A saved stage's weights file no longer has the checksum recorded when the stage was saved. */
public final class WeightsChangedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  WeightsChangedException(String weights, String recorded, String found) {
    super("weights file " + weights + " has changed since this RnnEncoder was saved: its sha256 was " + recorded
        + " and is now " + found + "; put the saved weights back, or set the new weights and save the stage again");
  }
}
