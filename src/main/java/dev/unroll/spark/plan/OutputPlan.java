package dev.unroll.spark.plan;

import dev.unroll.config.Emit;
import dev.unroll.config.JobConfig;
import dev.unroll.config.OutputLayout;
import dev.unroll.model.RnnModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What the job writes for each row, decided on the driver: the id, vectors taken from the unroll's
 * result (each a concatenation of parts), the per-step outputs, the pass-through columns.
 *
 * <p>Per row the vectors are stored side by side in one float record of {@link #vectorWidth()} floats;
 * a vector field is {@code width} floats at {@code offset} in it.
 *
 * @param outputWidth width of the top layer's output at one step
 * @param keepOutputs whether the unroll must return per-step outputs (for outputs, mean or max)
 */
public record OutputPlan(
    List<VectorField> vectors,
    int vectorWidth,
    boolean emitOutputs,
    boolean keepOutputs,
    int outputWidth,
    OutputLayout layout,
    StructType schema)
    implements Serializable {

  /** Where part of a vector comes from. */
  public enum Source {
    /** The final h of a cell. */
    H,
    /** The final c of a cell. */
    C,
    /** The mean of the top layer's outputs over valid steps. */
    MEAN,
    /** The element-wise max of the top layer's outputs over valid steps. */
    MAX
  }

  /** @param slot the cell's slot for H and C; -1 otherwise */
  public record Part(Source source, int slot, int width) implements Serializable {}

  /** @param nullWhenEmpty whether the vector is null for a sequence of length 0 */
  public record VectorField(String name, int width, int offset, boolean nullWhenEmpty, List<Part> parts)
      implements Serializable {
    public VectorField {
      parts = List.copyOf(parts);
    }
  }

  public OutputPlan {
    vectors = List.copyOf(vectors);
  }

  public static OutputPlan of(RnnModel model, JobConfig.Output out, InputPlan in) {
    List<RnnModel.Slot> slots = model.slots();
    int top = model.layers().size() - 1;
    int forwardTop = -1;
    int backwardTop = -1;
    for (int s = 0; s < slots.size(); s++) {
      if (slots.get(s).layer() == top) {
        if (slots.get(s).direction() == 0) {
          forwardTop = s;
        } else {
          backwardTop = s;
        }
      }
    }
    List<VectorField> fields = new ArrayList<>();
    int[] offset = {0};
    if (out.emit().contains(Emit.STATE)) {
      List<Part> h = new ArrayList<>();
      List<Part> c = new ArrayList<>();
      for (int s : backwardTop < 0 ? new int[] {forwardTop} : new int[] {forwardTop, backwardTop}) {
        h.add(new Part(Source.H, s, slots.get(s).cell().outputSize()));
        if (slots.get(s).cell().cellStateSize() > 0) {
          c.add(new Part(Source.C, s, slots.get(s).cell().cellStateSize()));
        }
      }
      add(fields, offset, "h", false, h);
      if (!c.isEmpty()) {
        add(fields, offset, "c", false, c);
      }
    }
    if (out.emit().contains(Emit.ALL_STATES)) {
      for (int s = 0; s < slots.size(); s++) {
        RnnModel.Slot slot = slots.get(s);
        String name = "l" + slot.layer() + (slot.direction() == 0 ? "_fw" : "_bw") + slot.depth();
        add(fields, offset, name + "_h", false, List.of(new Part(Source.H, s, slot.cell().outputSize())));
        if (slot.cell().cellStateSize() > 0) {
          add(fields, offset, name + "_c", false,
              List.of(new Part(Source.C, s, slot.cell().cellStateSize())));
        }
      }
    }
    int width = model.outputSize();
    if (out.emit().contains(Emit.MEAN)) {
      add(fields, offset, "mean", true, List.of(new Part(Source.MEAN, -1, width)));
    }
    if (out.emit().contains(Emit.MAX)) {
      add(fields, offset, "max", true, List.of(new Part(Source.MAX, -1, width)));
    }
    boolean emitOutputs = out.emit().contains(Emit.OUTPUTS);
    boolean keep = emitOutputs || out.emit().contains(Emit.MEAN) || out.emit().contains(Emit.MAX);
    StructType schema = schema(fields, emitOutputs, out.layout(), in);
    return new OutputPlan(fields, offset[0], emitOutputs, keep, width, out.layout(), schema);
  }

  private static void add(List<VectorField> fields, int[] offset, String name, boolean nullWhenEmpty,
      List<Part> parts) {
    int width = parts.stream().mapToInt(Part::width).sum();
    fields.add(new VectorField(name, width, offset[0], nullWhenEmpty, parts));
    offset[0] += width;
  }

  private static StructType schema(List<VectorField> fields, boolean emitOutputs, OutputLayout layout,
      InputPlan in) {
    List<StructField> columns = new ArrayList<>();
    columns.add(DataTypes.createStructField(in.idColumn(), in.idType(), true));
    for (VectorField f : fields) {
      if (layout == OutputLayout.ARRAY) {
        columns.add(DataTypes.createStructField(
            f.name(), DataTypes.createArrayType(DataTypes.FloatType, false), f.nullWhenEmpty()));
      } else if (layout == OutputLayout.VECTOR) {
        columns.add(DataTypes.createStructField(f.name(), VectorRows.TYPE, f.nullWhenEmpty()));
      } else {
        for (int k = 0; k < f.width(); k++) {
          columns.add(DataTypes.createStructField(f.name() + "_" + k, DataTypes.FloatType, f.nullWhenEmpty()));
        }
      }
    }
    if (emitOutputs) {
      columns.add(DataTypes.createStructField("outputs",
          DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false));
    }
    for (int k = 0; k < in.passThrough().size(); k++) {
      columns.add(DataTypes.createStructField(in.passThrough().get(k), in.passThroughTypes().get(k), true));
    }
    Set<String> names = new HashSet<>();
    for (StructField c : columns) {
      if (!names.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
        throw new PreflightException("output column '" + c.name() + "' appears twice: an id or --pass-through"
            + " column has the name of a column the job writes; rename it in the input or drop it");
      }
    }
    return DataTypes.createStructType(columns);
  }
}
