package dev.unroll.spark.partition;

import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.model.CellState;
import dev.unroll.model.Layer;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.RandomCells;
import dev.unroll.testing.VectorPath;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.Provenance;
import java.util.List;

/** Seeded models and the core's own answer for one sequence, which the job must reproduce exactly. */
public final class TestModels {
  private final RandomCells cells;

  public TestModels(long seed) {
    this.cells = new RandomCells(seed);
  }

  public float[] uniform(int n, float scale) {
    return cells.uniform(n, scale);
  }

  public LstmCell lstm(int input, int units) {
    return cells.lstm(input, units, false, 0);
  }

  public GruCell gru(int input, int units) {
    return cells.gru(input, units, true);
  }

  /** A bidirectional LSTM layer (4 units each way) under a GRU layer of 3 units. */
  public RnnModel deep(int input) {
    return RnnModel.of(Layer.bidirectional(lstm(input, 4), lstm(input, 4)), Layer.of(gru(8, 3)));
  }

  public static LoadedModel loaded(RnnModel model) {
    return new LoadedModel(model, new Provenance("in-code test model", "code", "-", List.of()));
  }

  /** The core's result for one sequence alone, on the executors' matmul ({@code steps × width} floats). */
  public static UnrollResult alone(RnnModel model, int width, float[] sequence) {
    Unroller unroller = new Unroller(PreparedModel.prepare(model, VectorPath.checked(ExecutorModels.gemm())));
    return unroller.unroll(SequenceBatch.of(width, new float[][] {sequence}), true);
  }

  /** Final h of a top layer: forward then backward. */
  public static float[] topH(RnnModel model, UnrollResult r) {
    return top(model, r, true);
  }

  public static float[] topC(RnnModel model, UnrollResult r) {
    return top(model, r, false);
  }

  private static float[] top(RnnModel model, UnrollResult r, boolean h) {
    List<RnnModel.Slot> slots = model.slots();
    int top = model.layers().size() - 1;
    float[] fw = null;
    float[] bw = new float[0];
    for (int s = 0; s < slots.size(); s++) {
      if (slots.get(s).layer() == top) {
        CellState state = r.finalStates().get(s);
        float[] v = h ? state.h() : state.c();
        if (slots.get(s).direction() == 0) {
          fw = v;
        } else {
          bw = v;
        }
      }
    }
    float[] out = new float[fw.length + bw.length];
    System.arraycopy(fw, 0, out, 0, fw.length);
    System.arraycopy(bw, 0, out, fw.length, bw.length);
    return out;
  }
}
