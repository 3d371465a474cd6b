package dev.unroll.model;

import dev.unroll.cell.CellKernel;
import dev.unroll.math.Gemm;
import dev.unroll.math.Gemms;
import java.util.List;

/**
 * A model with every cell's weights packed for one {@link Gemm}. Immutable: prepare it once per JVM
 * and share it between threads, each with its own {@link Unroller}.
 */
public final class PreparedModel {
  private final RnnModel model;
  private final Gemm gemm;
  private final List<RnnModel.Slot> slots;
  private final List<CellKernel> kernels;

  private PreparedModel(RnnModel model, Gemm gemm) {
    this.model = model;
    this.gemm = gemm;
    this.slots = model.slots();
    this.kernels = slots.stream().map(s -> s.cell().prepare(gemm)).toList();
  }

  /** Prepares {@code model} for the fastest matmul this JVM has ({@link Gemms#preferred()}). */
  public static PreparedModel prepare(RnnModel model) {
    return new PreparedModel(model, Gemms.preferred());
  }

  public static PreparedModel prepare(RnnModel model, Gemm gemm) {
    return new PreparedModel(model, gemm);
  }

  public RnnModel model() {
    return model;
  }

  public Gemm gemm() {
    return gemm;
  }

  List<RnnModel.Slot> slots() {
    return slots;
  }

  CellKernel kernel(int slot) {
    return kernels.get(slot);
  }
}
