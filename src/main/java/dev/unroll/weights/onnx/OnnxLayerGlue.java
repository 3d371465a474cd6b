package dev.unroll.weights.onnx;

import dev.unroll.weights.WeightsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the shape ops between two stacked recurrent nodes. PyTorch's exporter writes one node per
 * layer and turns layer k's {@code Y [T, D, B, H]} into layer k+1's {@code X [T, B, D·H]} with a
 * {@code Transpose} and {@code Reshape} (bidirectional) or a {@code Squeeze} of the direction axis.
 * Only those three ops are accepted, and only when they compute exactly that concatenation of the
 * directions; the axes are followed symbolically, since T and B are unknown until run time.
 */
final class OnnxLayerGlue {
  private OnnxLayerGlue() {}

  /** What an axis of an intermediate value holds. */
  enum Axis {
    TIME,
    BATCH,
    DIRECTION,
    HIDDEN,
    /** The next layer's input features: the directions' hidden states side by side. */
    FEATURES
  }

  /** Known sizes: D directions and H hidden units of the node that produced Y. */
  record Sizes(int directions, int hidden) {
    long of(Axis a) {
      return switch (a) {
        case DIRECTION -> directions;
        case HIDDEN -> hidden;
        case FEATURES -> (long) directions * hidden;
        default -> -1;
      };
    }
  }

  /** The axes of Y for a node's {@code layout}. */
  static List<Axis> outputAxes(int layout) {
    return layout == 0 ? List.of(Axis.TIME, Axis.DIRECTION, Axis.BATCH, Axis.HIDDEN)
        : List.of(Axis.BATCH, Axis.TIME, Axis.DIRECTION, Axis.HIDDEN);
  }

  /** The axes a node's X must have for its {@code layout}. */
  static List<Axis> inputAxes(int layout) {
    return layout == 0 ? List.of(Axis.TIME, Axis.BATCH, Axis.FEATURES)
        : List.of(Axis.BATCH, Axis.TIME, Axis.FEATURES);
  }

  /**
   * The axes after {@code node} is applied to a value with {@code axes}.
   *
   * @throws WeightsException naming the node when it is not one of the accepted ops or does not
   *     keep time, batch and the concatenated features apart
   */
  static List<Axis> apply(OnnxGraphValues values, OnnxNode node, List<Axis> axes, Sizes sizes)
      throws WeightsException {
    String file = values.model().file();
    String where = file + ": " + node.describe() + " between two recurrent layers";
    if (!node.isStandard()) {
      throw new WeightsException(where + " is in domain '" + node.domain()
          + "'; only Transpose, Reshape and Squeeze may sit between stacked layers");
    }
    List<Axis> out = new ArrayList<>();
    switch (node.opType()) {
      case "Transpose" -> {
        OnnxAttribute perm = node.attributes().get("perm");
        int rank = axes.size();
        List<Long> p = perm == null ? reversed(rank) : perm.ints();
        if (p.size() != rank || p.stream().distinct().count() != rank
            || p.stream().anyMatch(v -> v < 0 || v >= rank)) {
          throw new WeightsException(where + ": perm " + p + " is not a permutation of " + rank + " axes");
        }
        for (long v : p) {
          out.add(axes.get((int) v));
        }
      }
      case "Squeeze" -> {
        long[] squeezed = squeezeAxes(values, node, where);
        List<Integer> drop = new ArrayList<>();
        for (long a : squeezed) {
          int axis = (int) (a < 0 ? a + axes.size() : a);
          if (axis < 0 || axis >= axes.size() || axes.get(axis) != Axis.DIRECTION
              || sizes.directions() != 1) {
            throw new WeightsException(where + ": squeezes axis " + a + " of " + axes
                + "; only a direction axis of size 1 may be squeezed");
          }
          drop.add(axis);
        }
        for (int i = 0; i < axes.size(); i++) {
          if (!drop.contains(i)) {
            // with the direction axis gone, the hidden axis is the whole feature axis
            out.add(axes.get(i) == Axis.HIDDEN && !drop.isEmpty() ? Axis.FEATURES : axes.get(i));
          }
        }
      }
      case "Reshape" -> out = reshape(values, node, axes, sizes, where);
      default -> throw new WeightsException(where + " is not supported: only Transpose, Reshape and"
          + " Squeeze may sit between stacked layers (re-export without extra ops between them)");
    }
    return out;
  }

  private static List<Long> reversed(int rank) {
    List<Long> p = new ArrayList<>();
    for (int i = rank - 1; i >= 0; i--) {
      p.add((long) i);
    }
    return p;
  }

  /** Squeeze's axes: an attribute before opset 13, the second input from 13 on. */
  private static long[] squeezeAxes(OnnxGraphValues values, OnnxNode node, String where)
      throws WeightsException {
    OnnxAttribute attr = node.attributes().get("axes");
    if (attr != null) {
      return attr.ints().stream().mapToLong(Long::longValue).toArray();
    }
    String input = node.input(1);
    OnnxTensor t = input.isEmpty() ? null : values.constant(input);
    if (t == null) {
      throw new WeightsException(where + ": squeezes without constant axes, which could drop a time or"
          + " batch axis of size 1 at run time");
    }
    return t.toLongs();
  }

  /**
   * Reshape may merge an adjacent (direction, hidden) pair into the feature axis, or leave the axes
   * as they are; every entry of its constant shape must be consistent with that result.
   */
  private static List<Axis> reshape(OnnxGraphValues values, OnnxNode node, List<Axis> axes,
      Sizes sizes, String where) throws WeightsException {
    OnnxTensor shapeTensor = values.constant(node.input(1));
    if (shapeTensor == null) {
      throw new WeightsException(where + ": its shape '" + node.input(1) + "' is not a constant");
    }
    long[] shape = shapeTensor.toLongs();
    OnnxAttribute allowZero = node.attributes().get("allowzero");
    boolean zeroCopies = allowZero == null || allowZero.i() == 0;
    List<Axis> out = new ArrayList<>(axes);
    int d = axes.indexOf(Axis.DIRECTION);
    if (d >= 0 && d + 1 < axes.size() && axes.get(d + 1) == Axis.HIDDEN) {
      out.remove(d + 1);
      out.set(d, Axis.FEATURES);
    }
    String problem = null;
    int inferred = 0;
    if (shape.length != out.size()) {
      problem = "has rank " + shape.length;
    }
    for (int i = 0; problem == null && i < shape.length; i++) {
      long s = shape[i];
      Axis want = out.get(i);
      if (s == -1) {
        inferred++;
      } else if (s == 0 && zeroCopies) {
        if (axes.get(i) != want) {
          problem = "copies input axis " + i + " (" + axes.get(i) + ") into " + want;
        }
      } else if (s != sizes.of(want)) {
        problem = "gives " + want + " the size " + s;
      }
    }
    if (problem == null && inferred > 1) {
      problem = "has more than one -1";
    }
    if (problem != null) {
      throw new WeightsException(where + ": shape " + java.util.Arrays.toString(shape) + " applied to "
          + axes + " " + problem + "; expected a result with axes " + out);
    }
    return out;
  }
}
