package dev.unroll.reference.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.unroll.model.CellState;
import dev.unroll.model.Layer;
import dev.unroll.model.PreparedModel;
import dev.unroll.model.RnnModel;
import dev.unroll.model.SequenceBatch;
import dev.unroll.model.UnrollResult;
import dev.unroll.model.Unroller;
import dev.unroll.testing.VectorPath;
import dev.unroll.weights.Tensor;
import dev.unroll.weights.onnx.OnnxLayers;
import dev.unroll.weights.onnx.OnnxRnnAttributes;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link RnnCase} through ONNX Runtime and through our {@link Unroller}, each giving the ONNX
 * outputs by name ({@code Y}, {@code Y_h<k>}, {@code Y_c<k>}) in ONNX layout, and compares them.
 */
final class Engines {
  private Engines() {}

  static Map<String, float[]> onnxRuntime(RnnCase c) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(OnnxModelWriter.write(c), options);
          OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(c.x()),
              new long[] {c.seq(), c.batch(), c.input()});
          OrtSession.Result result = session.run(Map.of("X", x))) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
          FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
          float[] v = new float[fb.remaining()];
          fb.get(v);
          out.put(e.getKey(), v);
        }
        return out;
      }
    }
  }

  /** The model {@link OnnxLayers} makes of the case's nodes. */
  static RnnModel fromOnnx(RnnCase c) {
    OnnxRnnAttributes a = attributes(c);
    OnnxLayers.Operator op = OnnxLayers.Operator.of(c.op());
    int d = c.directions();
    int gh = c.gates() * c.hidden();
    List<Layer> layers = new ArrayList<>();
    for (int k = 0; k < c.layers().size(); k++) {
      RnnCase.LayerWeights w = c.layers().get(k);
      layers.add(OnnxLayers.layer(c.op() + " node " + k, op, a,
          Tensor.of("W", w.w(), d, gh, c.layerInput(k)),
          Tensor.of("R", w.r(), d, gh, c.hidden()),
          w.b() == null ? null : Tensor.of("B", w.b(), d, 2 * gh),
          w.p() == null ? null : Tensor.of("P", w.p(), d, 3 * c.hidden())));
    }
    return new RnnModel(layers);
  }

  static OnnxRnnAttributes attributes(RnnCase c) {
    return new OnnxRnnAttributes(OnnxRnnAttributes.Direction.parse(c.direction()), c.hidden(),
        c.activations(), c.alphas(), c.betas(), c.clip(), c.linearBeforeReset(), c.inputForget());
  }

  /** Our unroll of {@code model} over the case's input, as ONNX outputs. */
  static Map<String, float[]> ours(RnnCase c, RnnModel model) {
    int t = c.seq();
    int b = c.batch();
    int in = c.input();
    int h = c.hidden();
    int d = c.directions();
    int[] lengths = c.lengths() != null ? c.lengths().clone() : filled(b, t);
    float[] values = new float[Arrays.stream(lengths).sum() * in];
    int at = 0;
    for (int s = 0; s < b; s++) {
      for (int step = 0; step < lengths[s]; step++, at += in) {
        System.arraycopy(c.x(), (step * b + s) * in, values, at, in);
      }
    }
    List<CellState> initial = new ArrayList<>();
    for (RnnCase.LayerWeights w : c.layers()) {
      for (int dir = 0; dir < d; dir++) {
        initial.add(new CellState(
            w.initialH() == null ? new float[b * h] : Arrays.copyOfRange(w.initialH(), dir * b * h, (dir + 1) * b * h),
            !c.op().equals("LSTM") ? null
                : w.initialC() == null ? new float[b * h]
                : Arrays.copyOfRange(w.initialC(), dir * b * h, (dir + 1) * b * h)));
      }
    }
    Unroller unroller = new Unroller(PreparedModel.prepare(model, VectorPath.gemm()));
    UnrollResult r = unroller.unroll(new SequenceBatch(b, in, lengths, values), initial, true);

    Map<String, float[]> out = new LinkedHashMap<>();
    float[] y = new float[t * d * b * h];
    for (int s = 0; s < b; s++) {
      float[] padded = r.paddedOutputs(s, t);
      for (int step = 0; step < t; step++) {
        for (int dir = 0; dir < d; dir++) {
          System.arraycopy(padded, (step * d + dir) * h, y, ((step * d + dir) * b + s) * h, h);
        }
      }
    }
    int last = c.layers().size() - 1;
    out.put("Y_" + last, y);
    for (int k = 0; k <= last; k++) {
      float[] yh = new float[d * b * h];
      float[] yc = new float[d * b * h];
      for (int dir = 0; dir < d; dir++) {
        CellState state = r.finalStates().get(k * d + dir);
        System.arraycopy(state.h(), 0, yh, dir * b * h, b * h);
        if (state.c() != null) {
          System.arraycopy(state.c(), 0, yc, dir * b * h, b * h);
        }
      }
      out.put("Y_h_" + k, yh);
      if (c.op().equals("LSTM")) {
        out.put("Y_c_" + k, yc);
      }
    }
    return out;
  }

  /** The largest absolute difference over every output; fails if the outputs differ in name or size. */
  static double maxAbsDiff(Map<String, float[]> expected, Map<String, float[]> actual) {
    if (!expected.keySet().equals(actual.keySet())) {
      throw new AssertionError("outputs " + expected.keySet() + " vs " + actual.keySet());
    }
    double max = 0;
    for (String name : expected.keySet()) {
      float[] e = expected.get(name);
      float[] a = actual.get(name);
      if (e.length != a.length) {
        throw new AssertionError(name + ": " + e.length + " values vs " + a.length);
      }
      for (int i = 0; i < e.length; i++) {
        double diff = Math.abs((double) e[i] - a[i]);
        if (!(diff <= max)) {
          max = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
        }
      }
    }
    return max;
  }

  private static int[] filled(int n, int value) {
    int[] v = new int[n];
    Arrays.fill(v, value);
    return v;
  }
}
