package dev.unroll.reference.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.unroll.model.CellState;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.VectorPath;
import java.util.List;

/** Runs our unroll beside the TensorFlow reference and checks every number within float32 noise. */
final class Agreement {
  private Agreement() {}

  /** Absolute tolerance on every state and output element (float32). */
  static final float TOLERANCE = 1e-5f;

  /** Our unroller for {@code model}, on the matmul the job uses ({@link VectorPath#gemm()}: the preferred one, checked to be the vector kernel). */
  static Unroller unroller(RnnModel model) {
    return new Unroller(PreparedModel.prepare(model, VectorPath.gemm()));
  }

  /**
   * Unrolls {@code batch} with our {@link Unroller} in one call and with {@link TfReferenceUnroll},
   * asserts that they agree (see {@link #assertSame}) and returns the largest absolute difference.
   */
  static float assertSameUnroll(RnnModel model, List<TfReferenceUnroll.Layer> tf, SequenceBatch batch,
      List<CellState> initialStates) {
    return assertSame(TfReferenceUnroll.run(tf, batch, initialStates),
        unroller(model).unroll(batch, initialStates, true));
  }

  /**
   * Asserts that every per-step output and every final h and c agree within {@link #TOLERANCE};
   * returns the largest absolute difference seen.
   */
  static float assertSame(TfReferenceUnroll.Result expected, UnrollResult ours) {
    float worst = assertClose("outputs", expected.outputs(), ours.outputs());
    assertEquals(expected.finalStates().size(), ours.finalStates().size(), "number of final states");
    for (int s = 0; s < expected.finalStates().size(); s++) {
      CellState want = expected.finalStates().get(s);
      CellState got = ours.finalStates().get(s);
      worst = Math.max(worst, assertClose("final h of cell " + s, want.h(), got.h()));
      if (want.c() != null) {
        worst = Math.max(worst, assertClose("final c of cell " + s, want.c(), got.c()));
      }
    }
    return worst;
  }

  /** Asserts {@code |expected − actual| <= TOLERANCE} element-wise; returns the largest difference. */
  static float assertClose(String what, float[] expected, float[] actual) {
    if (actual == null || expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " values, got "
          + (actual == null ? "none" : actual.length));
    }
    float worst = 0f;
    for (int k = 0; k < expected.length; k++) {
      float diff = Math.abs(expected[k] - actual[k]);
      if (!(diff <= TOLERANCE)) {
        fail(what + "[" + k + "]: TensorFlow " + expected[k] + ", ours " + actual[k] + " (off by "
            + diff + ", tolerance " + TOLERANCE + ")");
      }
      worst = Math.max(worst, diff);
    }
    return worst;
  }
}
