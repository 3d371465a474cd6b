package dev.unroll.weights.torch;

import dev.unroll.cell.Cell;
import dev.unroll.cell.GruCell;
import dev.unroll.cell.LstmCell;
import dev.unroll.cell.SimpleRnnCell;
import dev.unroll.math.Activation;
import dev.unroll.model.Layer;
import dev.unroll.model.RnnModel;
import dev.unroll.weights.GateBlocks;
import dev.unroll.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PyTorch {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} state_dict as an {@link RnnModel}.
 *
 * <p>Parameters per layer k and direction ({@code ""} or {@code "_reverse"}): {@code weight_ih_lk [G·H,
 * in]}, {@code weight_hh_lk [G·H, R]}, optional {@code bias_ih_lk}, {@code bias_hh_lk [G·H]}, and for a
 * projected LSTM {@code weight_hr_lk [P, H]} (out × in, gate row blocks LSTM i, f, g, o; GRU r, z, n).
 * The cell type, sizes, layer count and directions are read from the names and shapes; only the
 * RNN's nonlinearity is not stored. GRUs are reset-after with their {@code b_hn} kept apart.
 */
public final class TorchLayers {
  private TorchLayers() {}

  private static final Pattern NAME =
      Pattern.compile("(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\\d+)(_reverse)?");
  /** PyTorch GRU r, z, n row blocks in our z, r, n order. */
  private static final int[] GRU_ORDER = {1, 0, 2};

  /**
   * The model held by the tensors named {@code prefix + "weight_ih_l0"} etc.
   *
   * @param tensors a state_dict; tensors not under {@code prefix} are ignored
   * @param prefix the module's prefix, e.g. {@code "encoder.lstm."}, or {@code ""}
   * @param nonlinearity nn.RNN's {@code nonlinearity} (tanh or relu); null for its default tanh;
   *     ignored for LSTM and GRU
   */
  public static RnnModel fromStateDict(Map<String, Tensor> tensors, String prefix, Activation nonlinearity) {
    String module = prefix.isEmpty() ? "PyTorch RNN module" : "PyTorch module '" + prefix + "'";
    Map<String, Tensor> own = new TreeMap<>();
    int layers = 0;
    boolean reverse = false;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String name = e.getKey().substring(prefix.length());
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        throw new IllegalArgumentException(module + ": unexpected tensor " + e.getKey()
            + " (expected weight_ih_l<k>, weight_hh_l<k>, bias_ih_l<k>, bias_hh_l<k>, weight_hr_l<k>,"
            + " each optionally with _reverse)");
      }
      own.put(name, e.getValue());
      layers = Math.max(layers, Integer.parseInt(m.group(2)) + 1);
      reverse |= m.group(3) != null;
    }
    Tensor ih0 = require(own, module, prefix, "weight_ih_l0");
    Tensor hh0 = require(own, module, prefix, "weight_hh_l0");
    Tensor hr0 = own.get("weight_hr_l0");
    if (ih0.rank() != 2 || hh0.rank() != 2) {
      throw new IllegalArgumentException(module + ": weight_ih_l0 " + ih0.describe() + " and weight_hh_l0 "
          + hh0.describe() + " should both have rank 2");
    }
    int units = hr0 != null ? hr0.dim(1) : hh0.dim(1);
    int proj = hr0 != null ? hr0.dim(0) : 0;
    if (units <= 0 || ih0.dim(0) % units != 0) {
      throw new IllegalArgumentException(module + ": weight_ih_l0 " + ih0.describe()
          + " should have a multiple of the hidden size " + units + " rows");
    }
    int gates = ih0.dim(0) / units;
    if (gates != 1 && gates != 3 && gates != 4 || proj > 0 && gates != 4) {
      throw new IllegalArgumentException(module + ": weight_ih_l0 " + ih0.describe() + " holds " + gates
          + " blocks of hidden size " + units + "; expected 1 (RNN), 3 (GRU) or 4 (LSTM"
          + (proj > 0 ? ", the only one with weight_hr" : "") + ")");
    }
    boolean bias = own.containsKey("bias_ih_l0");
    int directions = reverse ? 2 : 1;
    int state = proj > 0 ? proj : units;
    List<Layer> result = new ArrayList<>();
    int input = ih0.dim(1);
    for (int k = 0; k < layers; k++) {
      List<Cell> cells = new ArrayList<>();
      for (int d = 0; d < directions; d++) {
        String sfx = "_l" + k + (d == 1 ? "_reverse" : "");
        Tensor ih = require(own, module, prefix, "weight_ih" + sfx).requireShape(module, gates * units, input);
        Tensor hh = require(own, module, prefix, "weight_hh" + sfx).requireShape(module, gates * units, state);
        float[] bih = new float[gates * units];
        float[] bhh = new float[gates * units];
        if (bias) {
          bih = require(own, module, prefix, "bias_ih" + sfx).requireShape(module, gates * units).values();
          bhh = require(own, module, prefix, "bias_hh" + sfx).requireShape(module, gates * units).values();
        } else if (own.containsKey("bias_ih" + sfx) || own.containsKey("bias_hh" + sfx)) {
          throw new IllegalArgumentException(module + ": layer 0 has no biases but " + prefix + "bias_*" + sfx
              + " exists");
        }
        float[] projection = null;
        if (proj > 0) {
          Tensor hr = require(own, module, prefix, "weight_hr" + sfx).requireShape(module, proj, units);
          projection = GateBlocks.transposed(hr.values(), 0, proj, units, new int[] {0});
        } else if (own.containsKey("weight_hr" + sfx)) {
          throw new IllegalArgumentException(module + ": " + prefix + "weight_hr" + sfx
              + " exists but weight_hr_l0 does not");
        }
        cells.add(cell(gates, input, units, state, ih.values(), hh.values(), bih, bhh, proj, projection,
            nonlinearity));
      }
      result.add(directions == 2 ? Layer.bidirectional(cells.get(0), cells.get(1)) : Layer.of(cells.get(0)));
      input = directions * state;
    }
    return new RnnModel(result);
  }

  private static Cell cell(int gates, int input, int units, int state, float[] ih, float[] hh, float[] bih,
      float[] bhh, int proj, float[] projection, Activation nonlinearity) {
    int[] order = gates == 3 ? GRU_ORDER : GateBlocks.identity(gates);
    float[] wx = GateBlocks.transposed(ih, 0, units, input, order);
    float[] wh = GateBlocks.transposed(hh, 0, units, state, order);
    float[] bi = GateBlocks.vector(bih, 0, units, order);
    float[] bh = GateBlocks.vector(bhh, 0, units, order);
    float[] bias = GateBlocks.sum(bi, bh);
    switch (gates) {
      case 1:
        return new SimpleRnnCell(input, units, wx, wh, bias,
            nonlinearity == null ? Activation.TANH : nonlinearity, Float.NaN);
      case 3:
        // n = tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn)): b_hn cannot join the summed bias
        System.arraycopy(bi, 2 * units, bias, 2 * units, units);
        float[] bhn = new float[units];
        System.arraycopy(bh, 2 * units, bhn, 0, units);
        return new GruCell(input, units, wx, wh, bias, bhn, true, Activation.SIGMOID, Activation.TANH,
            Float.NaN);
      default:
        return new LstmCell(input, units, proj, wx, wh, bias, null, projection, LstmCell.Options.DEFAULT);
    }
  }

  private static Tensor require(Map<String, Tensor> own, String module, String prefix, String name) {
    Tensor t = own.get(name);
    if (t == null) {
      throw new IllegalArgumentException(module + ": tensor " + prefix + name + " is missing");
    }
    return t;
  }
}
