package dev.unroll.reference.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One ONNX RNN/GRU/LSTM test case: attributes, random weights per stacked node, and an input
 * {@code X [T, B, I]} with optional {@code sequence_lens} and initial states, all in ONNX layout.
 */
record RnnCase(
    String label,
    String op,
    String direction,
    int seq,
    int batch,
    int input,
    int hidden,
    int[] lengths,
    List<String> activations,
    List<Float> alphas,
    List<Float> betas,
    float clip,
    int linearBeforeReset,
    int inputForget,
    List<LayerWeights> layers,
    float[] x) {

  /** One node's tensors in ONNX layout; null for an input the node does not get. */
  record LayerWeights(float[] w, float[] r, float[] b, float[] p, float[] initialH, float[] initialC) {}

  int directions() {
    return direction.equals("bidirectional") ? 2 : 1;
  }

  int gates() {
    return switch (op) {
      case "RNN" -> 1;
      case "GRU" -> 3;
      default -> 4;
    };
  }

  /** Input width of node k. */
  int layerInput(int k) {
    return k == 0 ? input : directions() * hidden;
  }

  @Override
  public String toString() {
    return label + " T=" + seq + " B=" + batch + " I=" + input + " H=" + hidden;
  }

  static Builder of(String op) {
    return new Builder(op);
  }

  /** Chooses what a case covers; sizes and values come from the seed. */
  static final class Builder {
    private final String op;
    private String direction = "forward";
    private List<String> activations = List.of();
    private List<Float> alphas = List.of();
    private List<Float> betas = List.of();
    private float clip = Float.NaN;
    private int linearBeforeReset;
    private int inputForget;
    private boolean bias = true;
    private boolean peepholes;
    private boolean initialStates;
    private boolean lengths;
    private int layers = 1;
    private int maxSeq = 100;
    private int maxBatch = 64;
    private int maxInput = 300;
    private int maxHidden = 256;
    private float weightScale = 1f;

    private Builder(String op) {
      this.op = op;
    }

    Builder direction(String d) {
      direction = d;
      return this;
    }

    Builder activations(String... names) {
      activations = List.of(names);
      return this;
    }

    Builder alphas(Float... values) {
      alphas = List.of(values);
      return this;
    }

    Builder betas(Float... values) {
      betas = List.of(values);
      return this;
    }

    Builder clip(float value) {
      clip = value;
      return this;
    }

    Builder linearBeforeReset(int value) {
      linearBeforeReset = value;
      return this;
    }

    Builder inputForget(int value) {
      inputForget = value;
      return this;
    }

    Builder noBias() {
      bias = false;
      return this;
    }

    Builder peepholes() {
      peepholes = true;
      return this;
    }

    Builder initialStates() {
      initialStates = true;
      return this;
    }

    Builder lengths() {
      lengths = true;
      return this;
    }

    Builder layers(int n) {
      layers = n;
      return this;
    }

    /** Caps sizes, to keep the slow cases (ONNX Runtime's RNN) quick. */
    Builder max(int seq, int batch, int input, int hidden) {
      maxSeq = seq;
      maxBatch = batch;
      maxInput = input;
      maxHidden = hidden;
      return this;
    }

    /** Multiplies W's and B's usual ±1/√fan-in range, e.g. to drive pre-activations past a clip. */
    Builder weightScale(float scale) {
      weightScale = scale;
      return this;
    }

    /**
     * Sizes are drawn between 1 and the caps (see {@link RnnCase#size});
     * {@code label} names the case in failures.
     */
    RnnCase build(String label, long seed) {
      Random rnd = new Random(seed);
      int seq = size(rnd, maxSeq);
      int batch = size(rnd, maxBatch);
      int input = size(rnd, maxInput);
      int hidden = size(rnd, maxHidden);
      int d = direction.equals("bidirectional") ? 2 : 1;
      int gates = switch (op) {
        case "RNN" -> 1;
        case "GRU" -> 3;
        default -> 4;
      };
      int[] lens = null;
      if (lengths) {
        lens = new int[batch];
        for (int b = 0; b < batch; b++) {
          lens[b] = 1 + rnd.nextInt(seq);
        }
        lens[rnd.nextInt(batch)] = seq; // the longest fills X, as an exporter's batch would
      }
      List<LayerWeights> ws = new ArrayList<>();
      for (int k = 0; k < layers; k++) {
        int in = k == 0 ? input : d * hidden;
        float range = 1f / (float) Math.sqrt(Math.max(in, hidden));
        // the scale drives only W and B: scaling R as well makes the recurrence chaotic, and rounding
        // differences between any two engines then grow without bound
        ws.add(new LayerWeights(
            uniform(rnd, d * gates * hidden * in, weightScale * range),
            uniform(rnd, d * gates * hidden * hidden, range),
            bias ? uniform(rnd, d * 2 * gates * hidden, weightScale * range) : null,
            peepholes ? uniform(rnd, d * 3 * hidden, 0.5f) : null,
            initialStates ? uniform(rnd, d * batch * hidden, 1f) : null,
            initialStates && op.equals("LSTM") ? uniform(rnd, d * batch * hidden, 1f) : null));
      }
      return new RnnCase(label, op, direction, seq, batch, input, hidden, lens, activations, alphas,
          betas, clip, linearBeforeReset, inputForget, ws, uniform(rnd, seq * batch * input, 1f));
    }
  }

  /** Half the time uniform over 1..max, half log-uniform (so small sizes, 1 included, come up often). */
  static int size(Random rnd, int max) {
    if (rnd.nextBoolean()) {
      return 1 + rnd.nextInt(max);
    }
    return Math.min(max, (int) Math.floor(Math.exp(rnd.nextDouble() * Math.log(max + 1.0))));
  }

  static float[] uniform(Random rnd, int n, float range) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (rnd.nextFloat() * 2f - 1f) * range;
    }
    return v;
  }
}
